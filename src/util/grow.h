/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * grow_array - makes the array at *@p (*@cap elements of @elem bytes)
 * hold at least @need elements: reallocated to double its size (or @first
 * elements, when empty) until it does. Returns 0, or -ENOMEM (also when
 * the size would not fit a size_t) with *@p and *@cap untouched.
 */
int grow_array(void **p, size_t *cap, size_t need, size_t elem, size_t first);
