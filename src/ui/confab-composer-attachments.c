/* confab-composer-attachments.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-composer-private.h"
#include "confab-thumbnail.h"
#include "confab-tooltip.h"

/* The images of the next prompt: attached with the Attach button (a
 * file dialog, the portal's in the Flatpak), pasted (the image itself,
 * never its bytes as text) or dropped.  Each shows as a thumbnail with
 * a button that removes it.  Files are read, checked and scaled to
 * thumbnails off the main loop.
 */

static const char * const image_mime_types[] = {
  "image/png", "image/jpeg", "image/webp", "image/gif",
};

static void
confab_composer_set_attach_error (ConfabComposer *self,
                                  const char     *message)
{
  gtk_label_set_text (self->attach_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->attach_error_label), message != NULL);
#if GTK_CHECK_VERSION (4, 14, 0)
  if (message != NULL)
    gtk_accessible_announce (GTK_ACCESSIBLE (self->attach_error_label), message,
                             GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
}

static void
confab_composer_attachments_changed (ConfabComposer *self)
{
  gtk_widget_set_visible (self->attachments_window, self->attachments->len > 0);
  _confab_composer_update_actions (self);
  _confab_composer_queue_estimate (self);
}

static void
remove_clicked_cb (GtkButton      *button,
                   ConfabComposer *self)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (button));
  guint index = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_box));
       child != NULL && child != item;
       child = gtk_widget_get_next_sibling (child))
    index++;

  confab_composer_remove_attachment (self, index);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static GtkWidget *
make_item (ConfabComposer   *self,
           ConfabAttachment *image)
{
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");
  g_autofree char *label = NULL;

  gtk_overlay_set_child (GTK_OVERLAY (overlay), confab_thumbnail_new_picture (image));
  gtk_widget_add_css_class (overlay, "composer-attachment");

  /* Translators: the accessible name of the button that removes an
   * attached image; %s is the image's name.
   */
  label = g_strdup_printf (_("Remove image %s"), confab_attachment_get_name (image));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_tooltip_text (button, _("Remove Image"));
  confab_tooltip_attach (button);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "osd");
  gtk_widget_add_css_class (button, "attachment-remove");
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), button);

  return overlay;
}

static void
image_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ConfabComposer) self = user_data;
  g_autoptr(ConfabAttachment) image = NULL;
  g_autoptr(GError) error = NULL;

  image = confab_thumbnail_load_finish (result, &error);

  /* The composer is gone. */
  if (self->attachments == NULL)
    return;

  self->n_loading--;

  if (image == NULL)
    {
      confab_composer_set_attach_error (self, error->message);
      _confab_composer_update_actions (self);
      return;
    }

  g_ptr_array_add (self->attachments, g_object_ref (image));
  gtk_box_append (self->attachments_box, make_item (self, image));
  confab_composer_attachments_changed (self);
}

static void
texture_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ConfabComposer) self = user_data;
  GdkClipboard *clipboard = GDK_CLIPBOARD (object);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (clipboard, result, &error);

  if (self->attachments == NULL)
    return;

  if (texture == NULL)
    {
      self->n_loading--;
      _confab_composer_update_actions (self);
      confab_composer_set_attach_error (self, error->message);
      return;
    }

  confab_thumbnail_load_texture_async (_("Pasted Image"), texture, self->attach_cancellable,
                                       image_loaded_cb, g_object_ref (self));
}

static gboolean
formats_hold_text (GdkContentFormats *formats)
{
  return gdk_content_formats_contain_gtype (formats, G_TYPE_STRING) ||
         gdk_content_formats_contain_mime_type (formats, g_intern_static_string ("text/plain")) ||
         gdk_content_formats_contain_mime_type (formats, g_intern_static_string ("text/plain;charset=utf-8"));
}

/* Whether @formats hold an image and no text: a copied image, not
 * text that an office suite also offers as a picture of itself.
 */
static gboolean
formats_are_image (GdkContentFormats *formats)
{
  if (formats_hold_text (formats))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (image_mime_types); i++)
    if (gdk_content_formats_contain_mime_type (formats, g_intern_static_string (image_mime_types[i])))
      return TRUE;

  return gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE);
}

/* Whether nothing is known yet of what the clipboard holds: on X11 the
 * formats of a new owner arrive a moment after it takes the clipboard.
 */
static gboolean
formats_are_unknown (GdkContentFormats *formats)
{
  gsize n_types = 0;
  gsize n_mime_types = 0;

  gdk_content_formats_get_gtypes (formats, &n_types);
  gdk_content_formats_get_mime_types (formats, &n_mime_types);

  return n_types == 0 && n_mime_types == 0;
}

static void
paste_image (ConfabComposer *self,
             GdkClipboard   *clipboard)
{
  self->n_loading++;
  _confab_composer_update_actions (self);
  gdk_clipboard_read_texture_async (clipboard, self->attach_cancellable,
                                    texture_read_cb, g_object_ref (self));
}

/* A paste while the clipboard's formats are not known yet waits for
 * them, a moment at most, then pastes the image or the text.
 */
#define PASTE_WAIT_MS 1000

typedef struct
{
  ConfabComposer *self;
  GdkClipboard   *clipboard;
  gulong          changed_id;
  guint           timeout_id;
} PasteWait;

static void
paste_wait_finish (PasteWait *wait)
{
  ConfabComposer *self = wait->self;
  GdkContentFormats *formats = gdk_clipboard_get_formats (wait->clipboard);

  g_clear_signal_handler (&wait->changed_id, wait->clipboard);
  g_clear_handle_id (&wait->timeout_id, g_source_remove);

  if (self->attachments != NULL)
    {
      if (formats_are_image (formats))
        paste_image (self, wait->clipboard);
      else if (!formats_are_unknown (formats))
        gtk_text_buffer_paste_clipboard (gtk_text_view_get_buffer (self->text_view), wait->clipboard, NULL,
                                         gtk_text_view_get_editable (self->text_view));
    }

  g_object_unref (wait->self);
  g_object_unref (wait->clipboard);
  g_free (wait);
}

static void
paste_wait_changed_cb (GdkClipboard *clipboard,
                       PasteWait    *wait)
{
  paste_wait_finish (wait);
}

static gboolean
paste_wait_timeout_cb (gpointer data)
{
  PasteWait *wait = data;

  wait->timeout_id = 0;
  paste_wait_finish (wait);

  return G_SOURCE_REMOVE;
}

static void
paste_clipboard_cb (GtkTextView    *text_view,
                    ConfabComposer *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (text_view));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (formats_are_unknown (formats))
    {
      PasteWait *wait = g_new0 (PasteWait, 1);

      g_signal_stop_emission_by_name (text_view, "paste-clipboard");
      wait->self = g_object_ref (self);
      wait->clipboard = g_object_ref (clipboard);
      wait->changed_id = g_signal_connect (clipboard, "changed", G_CALLBACK (paste_wait_changed_cb), wait);
      wait->timeout_id = g_timeout_add (PASTE_WAIT_MS, paste_wait_timeout_cb, wait);
      return;
    }

  if (!formats_are_image (formats))
    return;

  g_signal_stop_emission_by_name (text_view, "paste-clipboard");
  paste_image (self, clipboard);
}

typedef struct
{
  ConfabComposer *self;
  GFile          *file;
  char           *name;
} FileLoad;

static void
file_load_free (FileLoad *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->file);
  g_clear_pointer (&load->name, g_free);
  g_free (load);
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FileLoad *load = user_data;
  ConfabComposer *self = load->self;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);

  if (self->attachments == NULL)
    {
      file_load_free (load);
      return;
    }

  if (bytes == NULL)
    {
      self->n_loading--;
      confab_composer_set_attach_error (self, error->message);
      _confab_composer_update_actions (self);
    }
  else
    {
      confab_thumbnail_load_bytes_async (load->name, bytes, self->attach_cancellable,
                                         image_loaded_cb, g_object_ref (self));
    }

  file_load_free (load);
}

/* A file too large is refused before it is read. */
static void
file_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FileLoad *load = user_data;
  ConfabComposer *self = load->self;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (self->attachments == NULL)
    {
      file_load_free (load);
      return;
    }

  if (info != NULL)
    {
      g_free (load->name);
      load->name = g_strdup (g_file_info_get_display_name (info));
    }

  if (info != NULL && g_file_info_get_size (info) > CONFAB_ATTACHMENT_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (CONFAB_ATTACHMENT_MAX_SIZE);
      g_autofree char *actual = g_format_size (g_file_info_get_size (info));
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is too large to send (%s). Images can be up to %s."),
                                 load->name, actual, limit);
      self->n_loading--;
      confab_composer_set_attach_error (self, message);
      _confab_composer_update_actions (self);
      file_load_free (load);
      return;
    }

  g_file_load_bytes_async (load->file, self->attach_cancellable, file_loaded_cb, load);
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         ConfabComposer *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *list = g_value_get_boxed (value);
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      for (GSList *l = list; l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);

      confab_composer_add_files (self, (GFile **) files->pdata, files->len);
      return files->len > 0;
    }

  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      self->n_loading++;
      _confab_composer_update_actions (self);
      confab_thumbnail_load_texture_async (_("Dropped Image"), g_value_get_object (value),
                                           self->attach_cancellable,
                                           image_loaded_cb, g_object_ref (self));
      return TRUE;
    }

  return FALSE;
}

static GtkFileFilter *
make_image_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Images"));
  for (guint i = 0; i < G_N_ELEMENTS (image_mime_types); i++)
    gtk_file_filter_add_mime_type (filter, image_mime_types[i]);

  return filter;
}

static void
add_file_model (ConfabComposer *self,
                GListModel     *model)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (files, g_list_model_get_item (model, i));

  confab_composer_add_files (self, (GFile **) files->pdata, files->len);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
dialog_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ConfabComposer) self = user_data;
  g_autoptr(GListModel) files = NULL;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, NULL);
  add_file_model (self, files);
}
#else
static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ConfabComposer  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      add_file_model (self, files);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

static void
confab_composer_attach_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  ConfabComposer *self = CONFAB_COMPOSER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = make_image_filter ();

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  g_list_store_append (filters, filter);
  gtk_file_dialog_set_title (dialog, _("Attach Images"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, filter);
  gtk_file_dialog_open_multiple (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 self->attach_cancellable, dialog_open_cb, g_object_ref (self));
#else
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach Images"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
#endif
}

void
_confab_composer_init_attachments (ConfabComposer *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE };

  self->attachments = g_ptr_array_new_with_free_func (g_object_unref);
  self->attach_cancellable = g_cancellable_new ();

  g_signal_connect_object (self->text_view, "paste-clipboard",
                           G_CALLBACK (paste_clipboard_cb), self, 0);

  /* Before the text view, which would take a file's URI as text. */
  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (target), GTK_PHASE_CAPTURE);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

void
_confab_composer_dispose_attachments (ConfabComposer *self)
{
  if (self->attach_cancellable != NULL)
    g_cancellable_cancel (self->attach_cancellable);
  g_clear_object (&self->attach_cancellable);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
}

void
_confab_composer_class_init_attachments (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "composer.attach", NULL,
                                   confab_composer_attach_action);
}

/**
 * confab_composer_get_attachments:
 *
 * Returns: (transfer none) (element-type ConfabAttachment): the images
 *   to send with the text
 */
GPtrArray *
confab_composer_get_attachments (ConfabComposer *self)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), NULL);

  return self->attachments;
}

/**
 * confab_composer_set_attachments:
 * @images: (nullable) (element-type ConfabAttachment): images already
 *   checked, such as those of a prompt being edited
 *
 * Replaces the images to send with @images.
 */
void
confab_composer_set_attachments (ConfabComposer *self,
                                 GPtrArray      *images)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  while (self->attachments->len > 0)
    confab_composer_remove_attachment (self, self->attachments->len - 1);

  for (guint i = 0; images != NULL && i < images->len; i++)
    {
      ConfabAttachment *image = g_ptr_array_index (images, i);

      g_ptr_array_add (self->attachments, g_object_ref (image));
      gtk_box_append (self->attachments_box, make_item (self, image));
    }

  confab_composer_set_attach_error (self, NULL);
  confab_composer_attachments_changed (self);
}

/**
 * confab_composer_add_image:
 * @name: (nullable): the image's name
 * @data: the bytes of an image file
 *
 * Checks @data and adds it with its thumbnail, on a worker thread; an
 * image that cannot be sent shows its error above the text instead.
 */
void
confab_composer_add_image (ConfabComposer *self,
                           const char     *name,
                           GBytes         *data)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));
  g_return_if_fail (data != NULL);

  confab_composer_set_attach_error (self, NULL);
  self->n_loading++;
  _confab_composer_update_actions (self);
  confab_thumbnail_load_bytes_async (name, data, self->attach_cancellable,
                                     image_loaded_cb, g_object_ref (self));
}

/**
 * confab_composer_add_files:
 * @files: (array length=n_files): image files
 *
 * Reads @files and adds them as confab_composer_add_image() does.
 */
void
confab_composer_add_files (ConfabComposer  *self,
                           GFile          **files,
                           guint            n_files)
{
  g_return_if_fail (CONFAB_IS_COMPOSER (self));

  if (n_files > 0)
    confab_composer_set_attach_error (self, NULL);

  for (guint i = 0; i < n_files; i++)
    {
      FileLoad *load = g_new0 (FileLoad, 1);

      load->self = g_object_ref (self);
      load->file = g_object_ref (files[i]);
      load->name = g_file_get_basename (files[i]);
      self->n_loading++;
      g_file_query_info_async (files[i],
                               G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                               self->attach_cancellable, file_info_cb, load);
    }

  _confab_composer_update_actions (self);
}

/**
 * confab_composer_get_n_loading:
 *
 * Returns: how many images are being read and checked
 */
guint
confab_composer_get_n_loading (ConfabComposer *self)
{
  g_return_val_if_fail (CONFAB_IS_COMPOSER (self), 0);

  return self->n_loading;
}

void
confab_composer_remove_attachment (ConfabComposer *self,
                                   guint           index)
{
  GtkWidget *child;

  g_return_if_fail (CONFAB_IS_COMPOSER (self));
  g_return_if_fail (index < self->attachments->len);

  child = gtk_widget_get_first_child (GTK_WIDGET (self->attachments_box));
  for (guint i = 0; i < index && child != NULL; i++)
    child = gtk_widget_get_next_sibling (child);

  if (child != NULL)
    gtk_box_remove (self->attachments_box, child);
  g_ptr_array_remove_index (self->attachments, index);
  confab_composer_set_attach_error (self, NULL);
  confab_composer_attachments_changed (self);
}
