/* confab-conversation-branches.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-conversation-private.h"
#include "confab-message-private.h"

/* The versions of a conversation's messages.  Asking again for an answer,
 * or editing a prompt, adds a version beside the old one instead of
 * replacing it: the messages form a tree, in which those that follow
 * the same message are versions of one another.  What the conversation
 * shows, as a GListModel, is one branch: from the root, the active
 * version at each step.  Showing another version of a message shows the
 * branch that goes on from it, as it was left.  Requests send the
 * branch shown (confab_conversation_dup_history()); the usage total
 * counts every answer of every branch, each having been paid for.
 */

static void
node_free (ConfabBranchNode *node)
{
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_object (&node->message);
  g_free (node);
}

void
_confab_conversation_init_branches (ConfabConversation *self)
{
  self->nodes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) node_free);
  self->root.children = g_ptr_array_new ();
}

void
_confab_conversation_clear_branches (ConfabConversation *self)
{
  GHashTableIter iter;
  ConfabMessage *message;

  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &message, NULL))
    _confab_conversation_watch (self, message, FALSE);

  g_list_store_remove_all (self->messages);
  g_ptr_array_set_size (self->root.children, 0);
  g_hash_table_remove_all (self->nodes);
}

/* Every version of @parent's children learns its place. */
static void
number_versions (ConfabBranchNode *parent)
{
  for (guint i = 0; i < parent->children->len; i++)
    {
      ConfabBranchNode *child = g_ptr_array_index (parent->children, i);

      _confab_message_set_versions (child->message, i + 1, parent->children->len);
    }
}

/* Adds @message after @parent.  It becomes the version shown unless
 * @keep_chosen and another one was chosen when stored.
 */
static ConfabBranchNode *
add_node (ConfabConversation *self,
          ConfabBranchNode   *parent,
          ConfabMessage      *message,
          gboolean            keep_chosen)
{
  ConfabBranchNode *node = g_new0 (ConfabBranchNode, 1);
  gboolean chosen = !keep_chosen || confab_message_get_chosen (message);

  node->message = g_object_ref (message);
  node->parent = parent;
  node->children = g_ptr_array_new ();
  g_ptr_array_add (parent->children, node);
  g_hash_table_insert (self->nodes, message, node);
  _confab_conversation_watch (self, message, TRUE);

  if (chosen || !parent->active_chosen)
    {
      parent->active = parent->children->len - 1;
      parent->active_chosen = chosen;
    }

  number_versions (parent);

  return node;
}

static ConfabBranchNode *
last_shown (ConfabConversation *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  g_autoptr(ConfabMessage) last = NULL;

  if (n_items == 0)
    return &self->root;

  last = g_list_model_get_item (G_LIST_MODEL (self->messages), n_items - 1);

  return g_hash_table_lookup (self->nodes, last);
}

/* Shows the branch through the active versions, changing the list only
 * from where it differs from what it showed.
 */
static void
show_active_branch (ConfabConversation *self)
{
  g_autoptr(GPtrArray) branch = g_ptr_array_new ();
  GListModel *shown = G_LIST_MODEL (self->messages);
  guint n_shown = g_list_model_get_n_items (shown);
  guint same = 0;

  for (ConfabBranchNode *node = &self->root;
       node->children->len > 0;
       node = g_ptr_array_index (node->children, node->active))
    {
      ConfabBranchNode *child = g_ptr_array_index (node->children, node->active);

      g_ptr_array_add (branch, child->message);
    }

  while (same < n_shown && same < branch->len)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (shown, same);

      if (message != g_ptr_array_index (branch, same))
        break;
      same++;
    }

  if (same == n_shown && same == branch->len)
    return;

  g_list_store_splice (self->messages, same, n_shown - same,
                       branch->pdata + same, branch->len - same);
}

void
confab_conversation_append (ConfabConversation *self,
                            ConfabMessage      *message)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION (self));
  g_return_if_fail (CONFAB_IS_MESSAGE (message));
  g_return_if_fail (!g_hash_table_contains (self->nodes, message));

  add_node (self, last_shown (self), message, FALSE);
  show_active_branch (self);
  _confab_conversation_recount (self);
}

/**
 * confab_conversation_append_all:
 * @messages: a #GListModel of #ConfabMessage
 *
 * Appends every message of @messages at once, as when a conversation is
 * loaded: the total is counted once, not once per message.  A message
 * with a parent id (confab_message_get_parent_id()) follows that one, or
 * begins the chat for 0, as a version beside the others there; the
 * versions chosen when stored (confab_message_get_chosen()) are shown.
 * Any other message follows the one before it.
 */
void
confab_conversation_append_all (ConfabConversation *self,
                                GListModel         *messages)
{
  g_autoptr(GHashTable) by_id = NULL;
  ConfabBranchNode *previous;
  guint n_items;

  g_return_if_fail (CONFAB_IS_CONVERSATION (self));
  g_return_if_fail (G_IS_LIST_MODEL (messages));

  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  previous = last_shown (self);
  n_items = g_list_model_get_n_items (messages);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);
      gint64 parent_id = confab_message_get_parent_id (message);
      ConfabBranchNode *parent = previous;
      ConfabBranchNode *node;

      g_return_if_fail (!g_hash_table_contains (self->nodes, message));

      if (parent_id == 0)
        parent = &self->root;
      else if (parent_id > 0)
        parent = g_hash_table_lookup (by_id, &parent_id) ?: previous;

      node = add_node (self, parent, message, TRUE);
      if (confab_message_get_id (message) > 0)
        g_hash_table_insert (by_id, &node->message->id, node);
      previous = node;
    }

  show_active_branch (self);
  _confab_conversation_recount (self);
}

/**
 * confab_conversation_dup_history:
 * @before: (nullable): a message of the branch shown
 *
 * The history of a request for @before: the messages of the branch
 * shown, and only those.  confab_request_build_body() sends of it only
 * what is a valid conversation (no failed exchange, no empty answer).
 *
 * Returns: (transfer full): the messages shown before @before, or all
 *   of them
 */
GListModel *
confab_conversation_dup_history (ConfabConversation *self,
                                 ConfabMessage      *before)
{
  GListStore *history;
  guint n_items;

  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), NULL);

  history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (message == before)
        break;

      g_list_store_append (history, message);
    }

  return G_LIST_MODEL (history);
}

/**
 * confab_conversation_get_parent:
 * @message: a message of the conversation, in any branch
 *
 * Returns: (nullable) (transfer none): the message @message follows,
 *   or %NULL when it begins the chat
 */
ConfabMessage *
confab_conversation_get_parent (ConfabConversation *self,
                                ConfabMessage      *message)
{
  ConfabBranchNode *node;

  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), NULL);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), NULL);

  node = g_hash_table_lookup (self->nodes, message);
  g_return_val_if_fail (node != NULL, NULL);

  return node->parent->message;
}

/**
 * confab_conversation_add_version:
 * @version_of: a message of the branch shown
 * @message: a new message, of the same role
 *
 * Adds @message as a new version of @version_of, following the same
 * message, and shows it in place of @version_of and what followed it,
 * which stay as the other version: to ask again for an answer, or to
 * send an edited prompt.
 */
void
confab_conversation_add_version (ConfabConversation *self,
                                 ConfabMessage      *version_of,
                                 ConfabMessage      *message)
{
  ConfabBranchNode *node;

  g_return_if_fail (CONFAB_IS_CONVERSATION (self));
  g_return_if_fail (CONFAB_IS_MESSAGE (message));
  g_return_if_fail (!g_hash_table_contains (self->nodes, message));

  node = g_hash_table_lookup (self->nodes, version_of);
  g_return_if_fail (node != NULL);

  add_node (self, node->parent, message, FALSE);
  show_active_branch (self);
  _confab_conversation_recount (self);
}

/**
 * confab_conversation_show_version:
 * @message: a message of the branch shown
 * @version: from 1 to confab_message_get_n_versions() of @message
 *
 * Shows that version of @message in its place, and the branch that
 * goes on from it, as it was last shown.
 */
void
confab_conversation_show_version (ConfabConversation *self,
                                  ConfabMessage      *message,
                                  guint               version)
{
  ConfabBranchNode *node;
  ConfabBranchNode *chosen;

  g_return_if_fail (CONFAB_IS_CONVERSATION (self));

  node = g_hash_table_lookup (self->nodes, message);
  g_return_if_fail (node != NULL);
  g_return_if_fail (version >= 1 && version <= node->parent->children->len);

  if (node->parent->active == version - 1)
    return;

  node->parent->active = version - 1;
  show_active_branch (self);

  chosen = g_ptr_array_index (node->parent->children, version - 1);
  _confab_conversation_version_chosen (self, chosen->message);
}

/**
 * confab_conversation_show_stored:
 * @message_id: the id in the store of a message of the conversation, in
 *   any branch
 *
 * Shows the branch that has the message, choosing on the way the
 * versions that lead to it, as when a search found it.
 *
 * Returns: whether the conversation has the message
 */
gboolean
confab_conversation_show_stored (ConfabConversation *self,
                                 gint64              message_id)
{
  g_autoptr(GPtrArray) chosen = NULL;
  ConfabBranchNode *found = NULL;
  ConfabBranchNode *node;
  GHashTableIter iter;

  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), FALSE);

  if (message_id <= 0)
    return FALSE;

  g_hash_table_iter_init (&iter, self->nodes);
  while (found == NULL && g_hash_table_iter_next (&iter, NULL, (gpointer *) &node))
    if (confab_message_get_id (node->message) == message_id)
      found = node;

  if (found == NULL)
    return FALSE;

  chosen = g_ptr_array_new ();
  for (node = found; node->parent != NULL; node = node->parent)
    {
      guint index = 0;

      g_ptr_array_find (node->parent->children, node, &index);
      if (node->parent->active != index)
        {
          node->parent->active = index;
          g_ptr_array_add (chosen, node->message);
        }
    }

  show_active_branch (self);
  for (guint i = 0; i < chosen->len; i++)
    _confab_conversation_version_chosen (self, g_ptr_array_index (chosen, i));

  return TRUE;
}
