/* confab-message-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-message-observer.h"

G_BEGIN_DECLS

/* Where a streamed answer is with respect to a `<think>…</think>` block
 * at its start: not known yet, inside it, or past it (or never had one).
 */
typedef enum
{
  THINK_START,
  THINK_INSIDE,
  THINK_DONE,
} ThinkState;

#define THINK_OPEN  "<think>"
#define THINK_CLOSE "</think>"

struct _ConfabMessage
{
  GObject             parent_instance;

  gint64              id;

  ConfabRole          role;
  ConfabMessageState  state;
  /* The content, or NULL while it is shared, in content_bytes (see
   * confab_message_dup_content_bytes()); one of them is set.
   */
  GString            *content;
  GBytes             *content_bytes;
  guint               text_epoch;
  gint64              pending_since;
  GString            *reasoning;
  ThinkState          think;
  GString            *held;
  GError             *error;
  char               *model;
  char               *finish_reason;
  char               *response_id;
  GDateTime          *created;
  ConfabUsage        *usage;
  gint64              estimated_input_tokens;
  /* The estimated tokens of the content (confab-estimate-count.c), for
   * the content of that epoch and length only.
   */
  gboolean            count_kept;
  guint               count_epoch;
  gsize               count_length;
  gint64              count_tokens;
  /* The images of a prompt, or NULL. */
  GPtrArray          *attachments;

  /* The conversation that holds it, told of every change. */
  ConfabMessageObserver observer;
  gpointer              observer_data;

  /* Its place among the versions of a prompt or an answer (see
   * confab-conversation-branches.c), and where it was stored.
   */
  gint64              parent_id;
  gboolean            chosen;
  guint               version;
  guint               n_versions;
};

enum {
  PROP_0,
  PROP_ROLE,
  PROP_STATE,
  PROP_CONTENT,
  PROP_REASONING,
  PROP_ERROR,
  PROP_MODEL,
  PROP_FINISH_REASON,
  PROP_RESPONSE_ID,
  PROP_CREATED,
  PROP_USAGE,
  PROP_CHOICES,
  PROP_VERSION,
  PROP_N_VERSIONS,
  PROP_ESTIMATED_INPUT_TOKENS,
  N_PROPS
};

extern GParamSpec *confab_message_properties [N_PROPS];

void _confab_message_serializable_init (JsonSerializableIface *iface);
void _confab_message_set_choices       (ConfabMessage         *self,
                                        JsonArray             *choices);
void _confab_message_set_versions      (ConfabMessage         *self,
                                        guint                  version,
                                        guint                  n_versions);

GString *_confab_message_edit_content (ConfabMessage *self);

G_END_DECLS
