# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for sockscope(8). Plain bash: needs nothing from the
# bash-completion package, which loads it from its completions directory.

_sockscope_long='--tcp --udp --raw --unix --packet --mptcp --sctp --vsock
--tipc --xdp --bound-inactive --query= --socket= --family= --all --listening --numeric --ipv4
--ipv6 --no-header --extended --options --memory --info --oneline --json
--ndjson --pretty --source= --proc-root= --processes --resolve --net=
--all-netns --filter-file= --filter= --summary --protocol-stats --kill --events --watch
--watch= --color --color= --prometheus --port= --sort= --count-by=
--columns= --snapshot= --no-owners --from= --diff= --diag= --colour
--colour= --help --version'
# Offered only once the command they go with is on the line.
_sockscope_watch_only='--refreshes='
_sockscope_prom_only='--textfile= --listen= --prometheus-ports='
_sockscope_short='-t -u -w -x -0 -M -S -B -A -f -a -l -n -4 -6 -H -e -o -m -i
-O -j -p -r -N -F -s -K -E -D -h -V'
_sockscope_tables='all inet tcp udp raw sctp mptcp unix unix_stream
unix_dgram unix_seqpacket packet packet_raw packet_dgram netlink vsock
vsock_stream vsock_dgram tipc xdp'
_sockscope_families='inet inet6 unix link packet netlink vsock tipc xdp'
_sockscope_states='established syn-sent syn-recv syn-rcv fin-wait-1
fin-wait-2 time-wait closed close close-wait last-ack listening listen
closing unconnected all connected synchronized bucket big'
# --sort and --count-by keys (JSON names), --columns' names.
_sockscope_keys='netid family state recv_q send_q local_address local_port
peer_address peer_port protocol inode uid cookie pid comm'
_sockscope_columns='netid state recv_q send_q local_address local_port
peer_address peer_port processes'
_sockscope_keywords='state exclude src dst sport dport dev fwmark cgroup
autobound and or not'

# Completes the word being typed from the words of $1 (prefix match).
_sockscope_from() {
	local w cur=$2
	COMPREPLY=()
	for w in $1; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
}

# -A takes a comma list, maybe with '!': complete its last item.
_sockscope_list() {
	local cur=$2 head= item w
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		item=${cur##*,}
	else
		item=$cur
	fi
	local bang=
	[[ $item == '!'* ]] && bang='!' && item=${item#!}
	COMPREPLY=()
	for w in $1; do
		[[ $w == "$item"* ]] && COMPREPLY+=("$head$bang$w")
	done
}

_sockscope_netns() {
	local names
	names=$(ip netns list 2>/dev/null | while read -r n _; do printf '%s ' "$n"; done)
	_sockscope_from "$names" "$1"
}

_sockscope() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	# --opt=VALUE as one word (bash splits at '=' only with '=' in
	# COMP_WORDBREAKS; handle both).
	if [[ $cur == --*=* ]]; then
		local opt=${cur%%=*} val=${cur#*=}
		case $opt in
		--query | --socket) _sockscope_list "$_sockscope_tables" "$val" ;;
		--family) _sockscope_from "$_sockscope_families" "$val" ;;
		--source) _sockscope_from 'auto netlink procfs' "$val" ;;
		--color) _sockscope_from 'auto always never' "$val" ;;
		--net) _sockscope_netns "$val" ;;
		*) COMPREPLY=() ;;
		esac
		local i
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=$opt=${COMPREPLY[i]}
		done
		return
	fi
	[[ $prev == = ]] && ((COMP_CWORD > 1)) && prev=${COMP_WORDS[COMP_CWORD - 2]}
	case $prev in
	-A | --query | --socket)
		_sockscope_list "$_sockscope_tables" "$cur"
		return ;;
	-f | --family)
		_sockscope_from "$_sockscope_families" "$cur"
		return ;;
	--source)
		_sockscope_from 'auto netlink procfs' "$cur"
		return ;;
	--color)
		_sockscope_from 'auto always never' "$cur"
		return ;;
	--sort | --count-by)
		_sockscope_list "$_sockscope_keys" "$cur"
		return ;;
	--columns)
		_sockscope_list "$_sockscope_columns" "$cur"
		return ;;
	-N | --net)
		_sockscope_netns "$cur"
		return ;;
	-F | --filter-file | --filter | --proc-root)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--textfile | --snapshot | --from | --diff | -D | --diag)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--refreshes | --listen | --prometheus-ports | --port)
		COMPREPLY=()
		return ;;
	state | exclude | excl)
		_sockscope_from "$_sockscope_states" "$cur"
		return ;;
	esac
	if [[ $cur == --* ]]; then
		local longs=$_sockscope_long w
		for w in "${COMP_WORDS[@]}"; do
			case $w in
			--watch | --watch=*) longs+=" $_sockscope_watch_only" ;;
			--prometheus) longs+=" $_sockscope_prom_only" ;;
			esac
		done
		_sockscope_from "$longs" "$cur"
		# No blank after an option that wants its value joined.
		[[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]] &&
			compopt -o nospace 2>/dev/null
	elif [[ $cur == -* ]]; then
		_sockscope_from "$_sockscope_short" "$cur"
	else
		_sockscope_from "$_sockscope_keywords" "$cur"
	fi
}

complete -F _sockscope sockscope
