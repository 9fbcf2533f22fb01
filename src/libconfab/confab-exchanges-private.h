/* confab-exchanges-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-exchanges.h"

G_BEGIN_DECLS

/* What the parts of ConfabExchanges share; confab-exchanges.c says
 * which part does what.
 */
struct _ConfabExchanges
{
  GObject       parent_instance;

  ConfabClient *client;
  ConfabStore  *store;
  GPtrArray    *lives;

  char         *model;
  char         *system_prompt;
  gboolean      stream;

  /* The parameters sent when a conversation has none of its own. */
  double        temperature;
  gboolean      send_temperature;
  int           max_output_tokens;
  gboolean      send_max_output_tokens;
  char         *reasoning_effort;
};

void _confab_exchanges_install_properties (GObjectClass       *object_class);
void _confab_exchanges_get_options        (ConfabExchanges    *self,
                                           ConfabConversation *conversation,
                                           ConfabChatOptions  *options);

G_END_DECLS
