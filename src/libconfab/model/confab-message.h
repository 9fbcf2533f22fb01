/* confab-message.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "confab-attachment.h"
#include "confab-usage.h"

G_BEGIN_DECLS

typedef enum
{
  CONFAB_ROLE_SYSTEM,
  CONFAB_ROLE_USER,
  CONFAB_ROLE_ASSISTANT,
} ConfabRole;

typedef enum
{
  CONFAB_MESSAGE_STATE_COMPLETE,
  CONFAB_MESSAGE_STATE_PENDING,
  CONFAB_MESSAGE_STATE_FAILED,
  CONFAB_MESSAGE_STATE_CANCELLED,
} ConfabMessageState;

#define CONFAB_TYPE_MESSAGE (confab_message_get_type())

const char *confab_role_to_string (ConfabRole role);

G_DECLARE_FINAL_TYPE (ConfabMessage, confab_message, CONFAB, MESSAGE, GObject)

ConfabMessage      *confab_message_new                (ConfabRole           role,
                                                       const char          *content);
ConfabMessage      *confab_message_new_from_response  (JsonNode            *node,
                                                       GError             **error);
gint64              confab_message_get_id             (ConfabMessage       *self);
void                confab_message_set_id             (ConfabMessage       *self,
                                                       gint64               id);
ConfabRole          confab_message_get_role           (ConfabMessage       *self);
const char         *confab_message_get_content        (ConfabMessage       *self);
void                confab_message_set_content        (ConfabMessage       *self,
                                                       const char          *content);
GBytes             *confab_message_dup_content_bytes  (ConfabMessage       *self);
void                confab_message_set_content_from   (ConfabMessage       *self,
                                                       ConfabMessage       *other);
guint               confab_message_get_text_epoch     (ConfabMessage       *self);
gsize               confab_message_get_reasoning_length (ConfabMessage     *self);
gint64              confab_message_get_pending_since  (ConfabMessage       *self);
gsize               confab_message_get_content_length (ConfabMessage       *self);
const char         *confab_message_get_reasoning      (ConfabMessage       *self);
void                confab_message_set_reasoning      (ConfabMessage       *self,
                                                       const char          *reasoning);
void                confab_message_append_delta       (ConfabMessage       *self,
                                                       const char          *content,
                                                       const char          *reasoning);
void                confab_message_end_deltas         (ConfabMessage       *self);
ConfabMessageState  confab_message_get_state          (ConfabMessage       *self);
void                confab_message_set_state          (ConfabMessage       *self,
                                                       ConfabMessageState   state);
const GError       *confab_message_get_error          (ConfabMessage       *self);
void                confab_message_set_error          (ConfabMessage       *self,
                                                       const GError        *error);
const char         *confab_message_get_model          (ConfabMessage       *self);
void                confab_message_set_model          (ConfabMessage       *self,
                                                       const char          *model);
const char         *confab_message_get_finish_reason  (ConfabMessage       *self);
void                confab_message_set_finish_reason  (ConfabMessage       *self,
                                                       const char          *finish_reason);
const char         *confab_message_get_response_id    (ConfabMessage       *self);
void                confab_message_set_response_id    (ConfabMessage       *self,
                                                       const char          *response_id);
GDateTime          *confab_message_get_created        (ConfabMessage       *self);
void                confab_message_set_created        (ConfabMessage       *self,
                                                       GDateTime           *created);
ConfabUsage        *confab_message_get_usage          (ConfabMessage       *self);
void                confab_message_set_usage          (ConfabMessage       *self,
                                                       ConfabUsage         *usage);
void                confab_message_fail               (ConfabMessage       *self,
                                                       const GError        *error);
void                confab_message_update_from        (ConfabMessage       *self,
                                                       ConfabMessage       *answer);
gint64              confab_message_get_estimated_input_tokens (ConfabMessage *self);
void                confab_message_set_estimated_input_tokens (ConfabMessage *self,
                                                               gint64         tokens);

/* Where a stored message is in the tree of its chat's versions: the id
 * of the message it follows (0 for the first of the chat,
 * CONFAB_MESSAGE_PARENT_UNKNOWN for "the one before it"), and whether it
 * is the version shown among the others that follow that message.
 */
#define CONFAB_MESSAGE_PARENT_UNKNOWN (-1)

gint64              confab_message_get_parent_id      (ConfabMessage       *self);
void                confab_message_set_parent_id      (ConfabMessage       *self,
                                                       gint64               parent_id);
gboolean            confab_message_get_chosen         (ConfabMessage       *self);
void                confab_message_set_chosen         (ConfabMessage       *self,
                                                       gboolean             chosen);
guint               confab_message_get_version        (ConfabMessage       *self);
guint               confab_message_get_n_versions     (ConfabMessage       *self);
guint               confab_message_get_n_attachments  (ConfabMessage       *self);
ConfabAttachment   *confab_message_get_attachment     (ConfabMessage       *self,
                                                       guint                index);
void                confab_message_add_attachment     (ConfabMessage       *self,
                                                       ConfabAttachment    *attachment);

G_END_DECLS
