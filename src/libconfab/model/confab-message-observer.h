/* confab-message-observer.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-message.h"

G_BEGIN_DECLS

/* Inside the core library only: how a conversation follows the
 * messages it holds, cheaper than a signal handler each.
 */

/* Called after the message notified @pspec. */
typedef void (*ConfabMessageObserver) (ConfabMessage *message,
                                       GParamSpec    *pspec,
                                       gpointer       user_data);

void _confab_message_set_observer (ConfabMessage         *self,
                                   ConfabMessageObserver  observer,
                                   gpointer               user_data);

G_END_DECLS
