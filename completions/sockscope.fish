# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for sockscope(8).

set -l tables all inet tcp udp raw sctp mptcp unix unix_stream unix_dgram unix_seqpacket packet packet_raw packet_dgram netlink vsock vsock_stream vsock_dgram tipc xdp
set -l families inet inet6 unix link packet netlink vsock tipc xdp
set -l states established syn-sent syn-recv syn-rcv fin-wait-1 fin-wait-2 time-wait closed close close-wait last-ack listening listen closing unconnected all connected synchronized bucket big
set -l keywords state exclude src dst sport dport dev fwmark cgroup autobound and or not

function __sockscope_after_state
    set -l tok (commandline -opc)
    contains -- $tok[-1] state exclude excl
end

function __sockscope_netns
    ip netns list 2>/dev/null | string replace -r ' .*' ''
end

complete -c sockscope -s t -l tcp -d 'TCP sockets'
complete -c sockscope -s u -l udp -d 'UDP sockets'
complete -c sockscope -s w -l raw -d 'RAW sockets'
complete -c sockscope -s x -l unix -d 'Unix domain sockets'
complete -c sockscope -s 0 -l packet -d 'packet sockets'
complete -c sockscope -s M -l mptcp -d 'MPTCP sockets'
complete -c sockscope -s S -l sctp -d 'SCTP sockets'
complete -c sockscope -l vsock -d 'vsock sockets'
complete -c sockscope -l tipc -d 'TIPC sockets'
complete -c sockscope -l xdp -d 'XDP sockets'
complete -c sockscope -s B -l bound-inactive -d 'TCP sockets bound but neither listening nor connected'
complete -c sockscope -s A -l query -l socket -x -a "$tables" -d 'socket tables'
complete -c sockscope -s f -l family -x -a "$families" -d 'address family'
complete -c sockscope -s a -l all -d 'sockets in every state'
complete -c sockscope -s l -l listening -d 'listening sockets only'
complete -c sockscope -s n -l numeric -d 'ports as numbers'
complete -c sockscope -s 4 -l ipv4 -d 'IPv4 sockets only'
complete -c sockscope -s 6 -l ipv6 -d 'IPv6 sockets only'
complete -c sockscope -s H -l no-header -d 'no header line'
complete -c sockscope -s e -l extended -d 'uid, inode, cookie, fwmark, cgroup'
complete -c sockscope -s o -l options -d 'timers'
complete -c sockscope -s m -l memory -d 'socket memory'
complete -c sockscope -s i -l info -d 'TCP internals'
complete -c sockscope -s O -l oneline -d 'details on one line'
complete -c sockscope -s j -l json -d 'one JSON object'
complete -c sockscope -l ndjson -d 'one JSON object per line'
complete -c sockscope -l pretty -d 'indented JSON'
complete -c sockscope -l source -x -a 'auto netlink procfs' -d 'where sockets are read'
complete -c sockscope -l proc-root -r -a '(__fish_complete_directories)' -d 'read DIR/net'
complete -c sockscope -s p -l processes -d 'processes holding each socket'
complete -c sockscope -s r -l resolve -d 'host names'
complete -c sockscope -s N -l net -x -a '(__sockscope_netns)' -d 'network namespace'
complete -c sockscope -l all-netns -d 'every network namespace, with container and unit'
complete -c sockscope -s F -l filter-file -l filter -r -d 'read FILTER from a file'
complete -c sockscope -s s -l summary -d 'socket totals'
complete -c sockscope -l protocol-stats -d 'protocol counters'
complete -c sockscope -s K -l kill -d 'close the selected sockets'
complete -c sockscope -s E -l events -d 'destroyed sockets as they go'
complete -c sockscope -l watch -d 'refresh every SECONDS (--watch=SECONDS)'
complete -c sockscope -l refreshes -x -d 'stop after N refreshes'
complete -c sockscope -l color -x -a 'auto always never' -d 'when to color'
complete -c sockscope -l prometheus -d 'counts in the Prometheus text format'
complete -c sockscope -l textfile -r -d 'with --prometheus: write FILE atomically'
complete -c sockscope -l listen -x -d 'with --prometheus: serve /metrics at ADDR:PORT'
complete -c sockscope -l prometheus-ports -x -d 'with --prometheus: per-port series'
complete -c sockscope -l port -x -d 'who uses these ports (N[,N...])'
complete -c sockscope -l sort -x -a 'netid family state recv_q send_q local_address local_port peer_address peer_port protocol inode uid cookie pid comm' -d 'sort by JSON keys'
complete -c sockscope -l count-by -x -a 'netid family state recv_q send_q local_address local_port peer_address peer_port protocol inode uid cookie pid comm' -d 'count by JSON keys'
complete -c sockscope -l columns -x -a 'netid state recv_q send_q local_address local_port peer_address peer_port processes' -d 'the table columns, in order'
complete -c sockscope -l snapshot -r -d 'record everything in FILE, to query later'
complete -c sockscope -l no-owners -d 'with --snapshot: leave the owners out'
complete -c sockscope -l from -r -d 'answer from a snapshot or ss -D file'
complete -c sockscope -l diff -r -d 'what changed since a snapshot'
complete -c sockscope -s D -l diag -r -d 'write the TCP table as ss -D does'
complete -c sockscope -l colour -x -a 'auto always never' -d 'when to colour'
complete -c sockscope -s h -l help -d 'help'
complete -c sockscope -s V -l version -d 'version'
complete -c sockscope -n __sockscope_after_state -x -a "$states" -d 'socket state'
complete -c sockscope -n 'not __sockscope_after_state' -a "$keywords" -d 'filter keyword'
