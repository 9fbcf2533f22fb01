/* confab-usage-window-export.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-save-file.h"
#include "confab-usage-window-private.h"

/* Export of the usage window: the requests of the period shown as CSV,
 * to a file chosen through the file chooser portal.  The CSV is made
 * from the store on a worker, into memory, and the file is written
 * asynchronously (through the portal's document when sandboxed), so
 * that a year of requests never holds up the window.
 */

typedef struct
{
  GFile         *file;
  GOutputStream *stream;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
export_replaced_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_csv_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  /* Closing a memory stream does no I/O. */
  if (!confab_store_write_usage_csv_finish (CONFAB_STORE (object), result, &error) ||
      !g_output_stream_close (data->stream, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (data->stream));
  g_file_replace_contents_bytes_async (data->file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task),
                                       export_replaced_cb, g_object_ref (task));
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ConfabUsageWindow *self = CONFAB_USAGE_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (confab_usage_window_export_finish (self, result, &error))
    {
      _confab_usage_window_toast (self, _("Usage exported"));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not export the usage: %s"), error->message);

      _confab_usage_window_toast (self, text);
    }
}

static void
export_to_file (ConfabUsageWindow *self,
                GFile             *file)
{
  if (self->export_cancellable == NULL)
    self->export_cancellable = g_cancellable_new ();

  confab_usage_window_export_async (self, file, self->export_cancellable, export_done_cb, NULL);
}

static void
export_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GFile) file = confab_save_file_finish (result, NULL);

  if (file != NULL)
    export_to_file (CONFAB_USAGE_WINDOW (object), file);
}

static char *
dup_export_name (ConfabUsageWindow *self)
{
  gint64 from = confab_usage_report_get_from (self->report);
  gint64 to = confab_usage_report_get_to (self->report);
  g_autoptr(GDateTime) first_utc = NULL;
  g_autoptr(GDateTime) last_utc = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;

  if (from == 0 && to == G_MAXINT64)
    return g_strdup ("confab-usage.csv");

  first_utc = g_date_time_new_from_unix_utc (from / G_USEC_PER_SEC);
  last_utc = g_date_time_new_from_unix_utc ((to - 1) / G_USEC_PER_SEC);
  first = g_date_time_to_timezone (first_utc, self->tz);
  last = g_date_time_to_timezone (last_utc, self->tz);
  first_text = g_date_time_format (first, "%Y-%m-%d");
  last_text = g_date_time_format (last, "%Y-%m-%d");

  if (g_str_equal (first_text, last_text))
    return g_strdup_printf ("confab-usage-%s.csv", first_text);

  return g_strdup_printf ("confab-usage-%s-to-%s.csv", first_text, last_text);
}

/* Exports the requests of the period shown, through the file chooser
 * portal.
 */
void
_confab_usage_window_export_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  ConfabUsageWindow *self = CONFAB_USAGE_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;

  name = dup_export_name (self);

  confab_save_file_async (GTK_WINDOW (self), _("Export Usage"), _("_Export"), name,
                          export_chosen_cb, NULL);
}

/**
 * confab_usage_window_export_async:
 * @file: where to write the CSV
 *
 * Writes the requests of the period shown to @file as CSV (see
 * confab_store_write_usage_csv()), as Export does once a file is chosen.
 * The CSV is made on a worker and the file written asynchronously:
 * nothing blocks the main loop.
 */
void
confab_usage_window_export_async (ConfabUsageWindow   *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (CONFAB_IS_USAGE_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_usage_window_export_async);

  if (self->store == NULL || self->report == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               "%s", _("There is no usage to export."));
      return;
    }

  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  data->stream = g_memory_output_stream_new_resizable ();
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  confab_store_write_usage_csv_async (self->store,
                                      confab_usage_report_get_from (self->report),
                                      confab_usage_report_get_to (self->report),
                                      self->tz, self->pricing, data->stream,
                                      cancellable, export_csv_cb, g_steal_pointer (&task));
}

gboolean
confab_usage_window_export_finish (ConfabUsageWindow  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
