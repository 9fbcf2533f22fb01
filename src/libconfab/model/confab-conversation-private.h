/* confab-conversation-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-conversation.h"
#include "confab-message-observer.h"

G_BEGIN_DECLS

/* One message in the tree of a conversation's versions: the messages
 * that follow it are its children, each a version of the others; the
 * one shown is @active.  The root, which has no message, holds the
 * versions of the chat's first message.
 */
typedef struct _ConfabBranchNode ConfabBranchNode;
struct _ConfabBranchNode
{
  ConfabMessage    *message;
  ConfabBranchNode *parent;
  GPtrArray        *children;
  guint             active;
  gboolean          active_chosen;
};

struct _ConfabConversation
{
  GObject           parent_instance;

  /* The messages shown: the branch from the root through each active
   * child.  Every message of every branch is in @nodes.
   */
  GListStore       *messages;
  GHashTable       *nodes;
  ConfabBranchNode  root;

  ConfabUsage      *usage;
  guint             n_answers;
  char             *model;
  char             *system_prompt;
  double            temperature;
  int               max_output_tokens;
  char             *reasoning_effort;
};

/* confab-conversation.c has the object, its settings and its totals;
 * confab-conversation-branches.c the tree of versions and the branch
 * shown.
 */
void _confab_conversation_recount        (ConfabConversation *self);
void _confab_conversation_init_branches  (ConfabConversation *self);
void _confab_conversation_clear_branches (ConfabConversation *self);
void _confab_conversation_watch          (ConfabConversation *self,
                                          ConfabMessage      *message,
                                          gboolean            watch);
void _confab_conversation_version_chosen (ConfabConversation *self,
                                          ConfabMessage      *message);

G_END_DECLS
