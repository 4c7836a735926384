/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Waits until two `sockscope -tan` a quarter second apart print the
 * same (at most 10 s): the standard population's closed-window sender
 * fills its queue for a while after it is made, and a comparison of two
 * moments must not see that. Fails the running cmocka test if it never
 * settles.
 */
void settle(void);
