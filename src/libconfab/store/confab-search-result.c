/* confab-search-result.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-enums.h"
#include "confab-store-private.h"

struct _ConfabSearchResult
{
  GObject     parent_instance;

  gint64      conversation_id;
  gint64      message_id;
  ConfabRole  role;
  char       *title;
  char       *snippet;
  char       *snippet_markup;
};

G_DEFINE_FINAL_TYPE (ConfabSearchResult, confab_search_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONVERSATION_ID,
  PROP_MESSAGE_ID,
  PROP_ROLE,
  PROP_TITLE,
  PROP_SNIPPET,
  PROP_SNIPPET_MARKUP,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
confab_search_result_finalize (GObject *object)
{
  ConfabSearchResult *self = (ConfabSearchResult *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->snippet, g_free);
  g_clear_pointer (&self->snippet_markup, g_free);

  G_OBJECT_CLASS (confab_search_result_parent_class)->finalize (object);
}

static void
confab_search_result_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ConfabSearchResult *self = CONFAB_SEARCH_RESULT (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;

    case PROP_MESSAGE_ID:
      g_value_set_int64 (value, self->message_id);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;

    case PROP_SNIPPET_MARKUP:
      g_value_set_string (value, self->snippet_markup);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_search_result_class_init (ConfabSearchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_search_result_finalize;
  object_class->get_property = confab_search_result_get_property;

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_int64 ("conversation-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_MESSAGE_ID] =
    g_param_spec_int64 ("message-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       CONFAB_TYPE_ROLE,
                       CONFAB_ROLE_USER,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SNIPPET] =
    g_param_spec_string ("snippet", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_SNIPPET_MARKUP] =
    g_param_spec_string ("snippet-markup", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_search_result_init (ConfabSearchResult *self)
{
}

/* @marked is the excerpt with each match between
 * CONFAB_STORE_MATCH_START and CONFAB_STORE_MATCH_END.
 */
ConfabSearchResult *
_confab_search_result_new (gint64      conversation_id,
                           gint64      message_id,
                           ConfabRole  role,
                           const char *title,
                           const char *marked)
{
  ConfabSearchResult *self = g_object_new (CONFAB_TYPE_SEARCH_RESULT, NULL);
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GString) markup = g_string_new (NULL);
  const char *p = marked ? marked : "";

  self->conversation_id = conversation_id;
  self->message_id = message_id;
  self->role = role;
  self->title = g_strdup (title ? title : "");

  while (*p != '\0')
    {
      gsize span = strcspn (p, CONFAB_STORE_MATCH_START CONFAB_STORE_MATCH_END);

      if (span > 0)
        {
          g_autofree char *escaped = g_markup_escape_text (p, span);

          g_string_append_len (plain, p, span);
          g_string_append (markup, escaped);
          p += span;
          continue;
        }

      g_string_append (markup, *p == CONFAB_STORE_MATCH_START[0] ? "<b>" : "</b>");
      p++;
    }

  self->snippet = g_string_free (g_steal_pointer (&plain), FALSE);
  self->snippet_markup = g_string_free (g_steal_pointer (&markup), FALSE);

  return self;
}

gint64
confab_search_result_get_conversation_id (ConfabSearchResult *self)
{
  g_return_val_if_fail (CONFAB_IS_SEARCH_RESULT (self), 0);

  return self->conversation_id;
}

gint64
confab_search_result_get_message_id (ConfabSearchResult *self)
{
  g_return_val_if_fail (CONFAB_IS_SEARCH_RESULT (self), 0);

  return self->message_id;
}

ConfabRole
confab_search_result_get_role (ConfabSearchResult *self)
{
  g_return_val_if_fail (CONFAB_IS_SEARCH_RESULT (self), CONFAB_ROLE_USER);

  return self->role;
}

/**
 * confab_search_result_get_title:
 *
 * Returns: the conversation's title, "" when it has none yet
 */
const char *
confab_search_result_get_title (ConfabSearchResult *self)
{
  g_return_val_if_fail (CONFAB_IS_SEARCH_RESULT (self), NULL);

  return self->title;
}

/**
 * confab_search_result_get_snippet:
 *
 * Returns: a few words around the match, as plain text, with "…" where
 *   the message goes on
 */
const char *
confab_search_result_get_snippet (ConfabSearchResult *self)
{
  g_return_val_if_fail (CONFAB_IS_SEARCH_RESULT (self), NULL);

  return self->snippet;
}

/**
 * confab_search_result_get_snippet_markup:
 *
 * Returns: the snippet as escaped Pango markup with the matching words
 *   in `<b>`, ready for gtk_label_set_markup()
 */
const char *
confab_search_result_get_snippet_markup (ConfabSearchResult *self)
{
  g_return_val_if_fail (CONFAB_IS_SEARCH_RESULT (self), NULL);

  return self->snippet_markup;
}
