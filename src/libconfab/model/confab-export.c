/* confab-export.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "confab-message-private.h"
#include "confab-export.h"

/* A conversation as a file: Markdown for people, JSON for programs.
 * Both carry the parameters its requests were sent with, every usage
 * count the server reported, and say which it did not report rather
 * than writing 0.  Both have the branch shown (see
 * confab_conversation_add_version()), and say which version of each
 * message it has; the Markdown says that the others are left out.
 */

static const ConfabExportParameters no_parameters = CONFAB_EXPORT_PARAMETERS_INIT;

static gboolean
has_temperature (const ConfabExportParameters *parameters)
{
  return parameters->temperature >= 0;
}

static gboolean
has_max_output_tokens (const ConfabExportParameters *parameters)
{
  return parameters->max_output_tokens > 0;
}

static gboolean
has_reasoning_effort (const ConfabExportParameters *parameters)
{
  return parameters->reasoning_effort != NULL && *parameters->reasoning_effort != '\0';
}

/* In hundredths, as it is sent, with no trailing zeros: "0.7", "1". */
static char *
format_temperature (double temperature)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gsize length;

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", temperature);
  length = strlen (buffer);
  while (length > 0 && buffer[length - 1] == '0')
    buffer[--length] = '\0';
  if (length > 0 && buffer[length - 1] == '.')
    buffer[--length] = '\0';

  return g_strdup (buffer);
}

static const char *
format_reasoning_effort (const char *effort)
{
  if (g_str_equal (effort, "low"))
    return _("Low");
  if (g_str_equal (effort, "medium"))
    return _("Medium");
  if (g_str_equal (effort, "high"))
    return _("High");

  return effort;
}

static void
append_parameters_markdown (GString                      *out,
                            const ConfabExportParameters *parameters)
{
  if (!has_temperature (parameters) &&
      !has_max_output_tokens (parameters) &&
      !has_reasoning_effort (parameters))
    {
      g_string_append_printf (out, "\n_%s_\n", _("No parameters set: the server’s defaults apply."));
      return;
    }

  g_string_append_printf (out, "\n| %s | %s |\n| --- | ---: |\n", _("Parameter"), _("Value"));

  if (has_temperature (parameters))
    {
      g_autofree char *temperature = format_temperature (parameters->temperature);

      g_string_append_printf (out, "| %s | %s |\n", _("Temperature"), temperature);
    }

  if (has_max_output_tokens (parameters))
    g_string_append_printf (out, "| %s | %" G_GINT64_FORMAT " |\n",
                            _("Max output tokens"), parameters->max_output_tokens);

  if (has_reasoning_effort (parameters))
    g_string_append_printf (out, "| %s | %s |\n",
                            _("Reasoning effort"), format_reasoning_effort (parameters->reasoning_effort));
}

static const char *
state_to_string (ConfabMessageState state)
{
  switch (state)
    {
    case CONFAB_MESSAGE_STATE_PENDING:   return "pending";
    case CONFAB_MESSAGE_STATE_FAILED:    return "failed";
    case CONFAB_MESSAGE_STATE_CANCELLED: return "stopped";
    case CONFAB_MESSAGE_STATE_COMPLETE:
    default:                             return "complete";
    }
}

/* Whether a message of the branch has other versions, left out. */
static gboolean
has_versions (GListModel *messages)
{
  guint n_items = g_list_model_get_n_items (messages);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);

      if (confab_message_get_n_versions (message) > 1)
        return TRUE;
    }

  return FALSE;
}

/* An image cannot be in a Markdown file: a note of it takes its place. */
static void
append_images_markdown (GString       *out,
                        ConfabMessage *message)
{
  for (guint i = 0; i < confab_message_get_n_attachments (message); i++)
    {
      ConfabAttachment *image = confab_message_get_attachment (message, i);
      const char *name = confab_attachment_get_name (image);

      if (name == NULL || *name == '\0')
        name = confab_attachment_get_mime_type (image);

      if (confab_attachment_get_width (image) > 0)
        /* Translators: a note in an exported chat where an image was;
         * %s is its file name, then its width and height in pixels.
         */
        g_string_append_printf (out, _("\n_[Image: %s, %d × %d px]_\n"), name,
                                confab_attachment_get_width (image),
                                confab_attachment_get_height (image));
      else
        /* Translators: a note in an exported chat where an image was. */
        g_string_append_printf (out, _("\n_[Image: %s]_\n"), name);
    }
}

/* A prompt with images also has its parts as they were sent: its text,
 * then each image as a data URL, with its name.
 */
static void
add_parts_json (JsonBuilder   *builder,
                ConfabMessage *message)
{
  const char *text = confab_message_get_content (message);

  if (confab_message_get_n_attachments (message) == 0)
    return;

  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);

  if (text != NULL && *text != '\0')
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "text");
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_end_object (builder);
    }

  for (guint i = 0; i < confab_message_get_n_attachments (message); i++)
    {
      ConfabAttachment *image = confab_message_get_attachment (message, i);
      g_autofree char *url = confab_attachment_dup_data_url (image);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "image_url");
      json_builder_set_member_name (builder, "image_url");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, url);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, confab_attachment_get_name (image));
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
}

static void
append_usage_markdown (GString     *out,
                       ConfabUsage *usage)
{
  g_string_append_printf (out, "\n| %s | %s |\n| --- | ---: |\n", _("Tokens"), _("Count"));

  for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    {
      gint64 count = usage ? confab_usage_get_field (usage, field) : CONFAB_USAGE_MISSING;

      if (count == CONFAB_USAGE_MISSING)
        g_string_append_printf (out, "| %s | %s |\n", confab_usage_field_get_name (field), _("not reported"));
      else
        g_string_append_printf (out, "| %s | %" G_GINT64_FORMAT " |\n", confab_usage_field_get_name (field), count);
    }
}

/**
 * confab_export_to_markdown_full:
 * @title: the conversation's title
 * @messages: a #GListModel of #ConfabMessage
 * @parameters: (nullable): the parameters its requests carry; %NULL for
 *   none set
 *
 * Returns: (transfer full): the conversation as Markdown: its title, a
 *   table of the parameters set (or a line that says none is), then
 *   the messages
 */
char *
confab_export_to_markdown_full (const char                   *title,
                                GListModel                   *messages,
                                const ConfabExportParameters *parameters)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (messages), NULL);

  g_string_append_printf (out, "# %s\n", title != NULL && *title != '\0' ? title : _("Chat"));
  append_parameters_markdown (out, parameters != NULL ? parameters : &no_parameters);

  n_items = g_list_model_get_n_items (messages);
  if (has_versions (messages))
    g_string_append_printf (out, "\n_%s_\n",
                            _("This is the branch of the chat shown in Confab: the other versions of its regenerated answers and edited prompts are not in this file."));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);
      GDateTime *created = confab_message_get_created (message);
      g_autofree char *when = created ? g_date_time_format_iso8601 (created) : NULL;
      const char *reasoning = confab_message_get_reasoning (message);
      const GError *error = confab_message_get_error (message);

      if (confab_message_get_role (message) == CONFAB_ROLE_USER)
        g_string_append_printf (out, "\n## %s\n\n", _("You"));
      else if (confab_message_get_model (message) != NULL)
        g_string_append_printf (out, "\n## %s\n\n", confab_message_get_model (message));
      else
        g_string_append_printf (out, "\n## %s\n\n", _("Assistant"));

      if (when != NULL)
        g_string_append_printf (out, "_%s_\n\n", when);
      if (confab_message_get_n_versions (message) > 1)
        {
          /* Translators: as in "Version 2 of 3", of a message. */
          g_string_append_printf (out, "_");
          g_string_append_printf (out, _("Version %u of %u"),
                                  confab_message_get_version (message),
                                  confab_message_get_n_versions (message));
          g_string_append (out, "_\n\n");
        }

      if (reasoning != NULL && *reasoning != '\0')
        {
          g_auto(GStrv) lines = g_strsplit (reasoning, "\n", -1);

          g_string_append_printf (out, "> **%s**\n", _("Thinking"));
          for (guint j = 0; lines[j] != NULL; j++)
            g_string_append_printf (out, "> %s\n", lines[j]);
          g_string_append_c (out, '\n');
        }

      g_string_append (out, confab_message_get_content (message));
      g_string_append_c (out, '\n');
      append_images_markdown (out, message);

      if (error != NULL)
        g_string_append_printf (out, "\n_%s_\n", error->message);
      else if (confab_message_get_state (message) == CONFAB_MESSAGE_STATE_CANCELLED)
        g_string_append_printf (out, "\n_%s_\n", _("Stopped"));

      if (confab_message_get_role (message) == CONFAB_ROLE_ASSISTANT)
        append_usage_markdown (out, confab_message_get_usage (message));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * confab_export_to_markdown:
 * @title: the conversation's title
 * @messages: a #GListModel of #ConfabMessage
 *
 * Returns: (transfer full): the conversation as Markdown, with no
 *   parameters set
 */
char *
confab_export_to_markdown (const char *title,
                           GListModel *messages)
{
  return confab_export_to_markdown_full (title, messages, NULL);
}

/**
 * confab_export_to_json_full:
 * @title: the conversation's title
 * @messages: a #GListModel of #ConfabMessage
 * @parameters: (nullable): the parameters its requests carry; %NULL for
 *   none set
 *
 * The parameters set are members of `parameters`, under the names of
 * the request (`temperature`, `max_completion_tokens`,
 * `reasoning_effort`); it is empty when none is set.  Each message's
 * usage has every field under its name in the server's usage object,
 * such as `prompt_tokens_details.cached_tokens`, with null where the
 * server reported nothing.
 *
 * Returns: (transfer full): the conversation as JSON
 */
char *
confab_export_to_json_full (const char                   *title,
                            GListModel                   *messages,
                            const ConfabExportParameters *parameters)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (messages), NULL);

  if (parameters == NULL)
    parameters = &no_parameters;

  json_builder_begin_object (builder);
  add_string_member (builder, "title", title);

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  if (has_temperature (parameters))
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, parameters->temperature);
    }
  if (has_max_output_tokens (parameters))
    {
      json_builder_set_member_name (builder, "max_completion_tokens");
      json_builder_add_int_value (builder, parameters->max_output_tokens);
    }
  if (has_reasoning_effort (parameters))
    add_string_member (builder, "reasoning_effort", parameters->reasoning_effort);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);

  n_items = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);
      GDateTime *created = confab_message_get_created (message);
      g_autofree char *when = created ? g_date_time_format_iso8601 (created) : NULL;
      ConfabUsage *usage = confab_message_get_usage (message);
      const GError *error = confab_message_get_error (message);

      json_builder_begin_object (builder);
      add_string_member (builder, "role", confab_role_to_string (confab_message_get_role (message)));
      add_string_member (builder, "content", confab_message_get_content (message));
      add_parts_json (builder, message);
      add_string_member (builder, "reasoning", confab_message_get_reasoning (message));
      add_string_member (builder, "state", state_to_string (confab_message_get_state (message)));
      add_string_member (builder, "error", error ? error->message : NULL);
      add_string_member (builder, "model", confab_message_get_model (message));
      add_string_member (builder, "finish_reason", confab_message_get_finish_reason (message));
      add_string_member (builder, "response_id", confab_message_get_response_id (message));
      add_string_member (builder, "created", when);
      /* The branch shown: which version of each message it has. */
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, confab_message_get_version (message));
      json_builder_set_member_name (builder, "n_versions");
      json_builder_add_int_value (builder, confab_message_get_n_versions (message));

      json_builder_set_member_name (builder, "usage");
      if (confab_message_get_role (message) != CONFAB_ROLE_ASSISTANT)
        {
          json_builder_add_null_value (builder);
        }
      else
        {
          json_builder_begin_object (builder);
          for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
            {
              gint64 count = usage ? confab_usage_get_field (usage, field) : CONFAB_USAGE_MISSING;

              json_builder_set_member_name (builder, confab_usage_field_get_json_path (field));
              if (count == CONFAB_USAGE_MISSING)
                json_builder_add_null_value (builder);
              else
                json_builder_add_int_value (builder, count);
            }
          json_builder_end_object (builder);
        }

      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

/**
 * confab_export_to_json:
 * @title: the conversation's title
 * @messages: a #GListModel of #ConfabMessage
 *
 * Returns: (transfer full): the conversation as JSON, with no
 *   parameters set
 */
char *
confab_export_to_json (const char *title,
                       GListModel *messages)
{
  return confab_export_to_json_full (title, messages, NULL);
}

typedef struct
{
  GFile                  *file;
  ConfabExportFormat      format;
  char                   *title;
  GListStore             *messages;
  ConfabExportParameters  parameters;
  char                   *reasoning_effort;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  g_clear_object (&export->file);
  g_free (export->title);
  g_clear_object (&export->messages);
  g_free (export->reasoning_effort);
  g_free (export);
}

/* What the export reads of @message, in a message of its own that no
 * one else changes: the worker reads it while an answer may still be
 * streaming into the original.
 */
static ConfabMessage *
copy_message (ConfabMessage *message)
{
  ConfabMessage *copy = confab_message_new (confab_message_get_role (message),
                                            confab_message_get_content (message));
  ConfabUsage *usage = confab_message_get_usage (message);

  confab_message_set_reasoning (copy, confab_message_get_reasoning (message));
  confab_message_set_error (copy, confab_message_get_error (message));
  confab_message_set_model (copy, confab_message_get_model (message));
  confab_message_set_finish_reason (copy, confab_message_get_finish_reason (message));
  confab_message_set_response_id (copy, confab_message_get_response_id (message));
  confab_message_set_created (copy, confab_message_get_created (message));
  confab_message_set_state (copy, confab_message_get_state (message));
  _confab_message_set_versions (copy,
                                confab_message_get_version (message),
                                confab_message_get_n_versions (message));

  if (usage != NULL)
    {
      g_autoptr(ConfabUsage) counts = confab_usage_new ();

      for (ConfabUsageField field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
        confab_usage_set_field (counts, field, confab_usage_get_field (usage, field));
      confab_message_set_usage (copy, counts);
    }

  for (guint i = 0; i < confab_message_get_n_attachments (message); i++)
    confab_message_add_attachment (copy, confab_message_get_attachment (message, i));

  return copy;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (export->format == CONFAB_EXPORT_JSON)
    text = confab_export_to_json_full (export->title, G_LIST_MODEL (export->messages), &export->parameters);
  else
    text = confab_export_to_markdown_full (export->title, G_LIST_MODEL (export->messages), &export->parameters);

  if (!g_file_replace_contents (export->file, text, strlen (text), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * confab_export_write_async:
 * @file: the file to write, replaced whole once it is written
 * @format: Markdown or JSON
 * @title: the conversation's title
 * @messages: a #GListModel of #ConfabMessage
 * @parameters: (nullable): the parameters its requests carry
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: for @callback
 *
 * Makes the export as confab_export_to_json_full() or
 * confab_export_to_markdown_full() does, and writes it, on a worker:
 * the data URL of a large image takes a while to build and to write.
 * Only copying the messages is done here.
 */
void
confab_export_write_async (GFile                        *file,
                           ConfabExportFormat            format,
                           const char                   *title,
                           GListModel                   *messages,
                           const ConfabExportParameters *parameters,
                           GCancellable                 *cancellable,
                           GAsyncReadyCallback           callback,
                           gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;
  guint n_items;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (G_IS_LIST_MODEL (messages));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (parameters == NULL)
    parameters = &no_parameters;

  export = g_new0 (Export, 1);
  export->file = g_object_ref (file);
  export->format = format;
  export->title = g_strdup (title);
  export->messages = g_list_store_new (CONFAB_TYPE_MESSAGE);
  export->parameters = *parameters;
  export->reasoning_effort = g_strdup (parameters->reasoning_effort);
  export->parameters.reasoning_effort = export->reasoning_effort;

  n_items = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);
      g_autoptr(ConfabMessage) copy = copy_message (message);

      g_list_store_append (export->messages, copy);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_export_write_async);
  g_task_set_name (task, "[confab] export");
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * confab_export_write_finish:
 *
 * Returns: %TRUE when the file was written
 */
gboolean
confab_export_write_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, confab_export_write_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
