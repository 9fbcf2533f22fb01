/* test-window-images.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Images in the real window, against the scripted server and the app's
 * history: attached and pasted into the composer as thumbnails that can
 * be removed, refused with a clear error, sent as parts, shown with
 * their prompt, and shown again from the history in a new window.
 */

#include "config.h"

#include <string.h>

#include "confab-test-fixtures.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-thumbnail.h"

typedef ConfabTestWindow Fixture;

/* A real PNG file of @width × @height red pixels. */
static GBytes *
make_png (int width,
          int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0xff0000ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  g_assert_no_error (error);

  return g_bytes_new_take (buffer, size);
}

static gboolean
composer_is_loaded (gpointer data)
{
  return confab_composer_get_n_loading (data) == 0;
}

/* The buttons that remove images, in their order.  Their accessible
 * names ("Remove image NAME") are read through AT-SPI by e2e-images.
 */
static void
collect_remove_buttons (GtkWidget *root,
                        GPtrArray *buttons)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && gtk_widget_has_css_class (child, "attachment-remove") &&
          gtk_widget_get_visible (child))
        g_ptr_array_add (buttons, child);

      collect_remove_buttons (child, buttons);
    }
}

static GPtrArray *
get_remove_buttons (GtkWidget *root)
{
  GPtrArray *buttons = g_ptr_array_new ();

  collect_remove_buttons (root, buttons);

  return buttons;
}

static gboolean
picture_has_paintable (gpointer data)
{
  return gtk_image_get_paintable (data) != NULL;
}

/* The prompt's row with its images shown, once there is one. */
static GtkWidget *
find_images_of_prompt (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (CONFAB_IS_MESSAGE_ROW (child) && gtk_widget_get_mapped (child))
        {
          GtkWidget *images = confab_test_find_widget (child, GTK_TYPE_FLOW_BOX, "message-images");

          if (images != NULL && gtk_widget_get_visible (images))
            return images;
        }

      if ((found = find_images_of_prompt (child)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
prompt_images_shown (gpointer data)
{
  GtkWidget *images = find_images_of_prompt (data);
  GtkWidget *picture = images != NULL ? confab_test_find_widget (images, GTK_TYPE_IMAGE, NULL) : NULL;

  return picture != NULL && gtk_image_get_paintable (GTK_IMAGE (picture)) != NULL;
}

/* Attached, an image shows as a thumbnail with a button that removes
 * it, named for the image; the estimate counts it; sent, it goes as a
 * part after the text, shows with the prompt, and comes back from the
 * history in a new window.
 */
static void
test_attach_send (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) png = make_png (40, 30);
  GtkWidget *strip = confab_test_get_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_SCROLLED_WINDOW, "composer-attachments");
  g_autofree char *base64 = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(JsonNode) node = NULL;
  ConfabStore *store = confab_application_get_store (fixture->app);
  ConfabEstimate before;
  ConfabEstimate after;
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWidget *picture;
  JsonArray *messages;
  JsonArray *content;
  double ratio;
  gint64 id;

  g_assert_false (gtk_widget_get_visible (strip));
  confab_composer_set_text (fixture->composer, "What is this?");
  confab_test_run_until (composer_is_loaded, fixture->composer);
  g_assert_true (confab_composer_get_estimate (fixture->composer, &before, &ratio));

  confab_composer_add_image (fixture->composer, "red.png", png);
  confab_test_run_until (composer_is_loaded, fixture->composer);
  g_assert_cmpuint (confab_composer_get_attachments (fixture->composer)->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (strip));
  buttons = get_remove_buttons (strip);
  g_assert_cmpuint (buttons->len, ==, 1);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, 0)), ==, "Remove Image");
  picture = confab_test_get_widget (strip, GTK_TYPE_IMAGE, NULL);
  confab_test_run_until (picture_has_paintable, picture);
  g_assert_cmpint (gtk_image_get_pixel_size (GTK_IMAGE (picture)), ==, CONFAB_THUMBNAIL_SIZE);

  g_assert_true (confab_composer_get_estimate (fixture->composer, &after, &ratio));
  g_assert_cmpint (after.framing - before.framing, ==, 258);

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 1000));
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 1);

  node = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, 0));
  messages = json_object_get_array_member (json_node_get_object (node), "messages");
  content = json_object_get_array_member (json_array_get_object_element (messages, 0), "content");
  g_assert_nonnull (content);
  g_assert_cmpuint (json_array_get_length (content), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "text"), ==,
                   "What is this?");
  base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  expected = g_strconcat ("data:image/png;base64,", base64, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (content, 1),
                                                                                 "image_url"), "url"), ==, expected);

  /* The composer is empty again; the prompt shows its image. */
  g_assert_cmpuint (confab_composer_get_attachments (fixture->composer)->len, ==, 0);
  g_assert_false (gtk_widget_get_visible (strip));
  confab_test_run_until (prompt_images_shown, fixture->window);

  /* From the history, in a new window. */
  id = confab_exchanges_get_conversation_id (confab_application_get_exchanges (fixture->app),
                                             confab_window_get_conversation (fixture->window));
  g_assert_true (confab_store_set_last_conversation (store, id, NULL));
  confab_exchanges_stop_all (confab_application_get_exchanges (fixture->app));
  confab_test_window_reopen (fixture);
  confab_test_run_until (confab_test_window_conversation_has_messages, fixture);
  confab_test_run_until (prompt_images_shown, fixture->window);
}

/* The button removes its image; images alone can be sent. */
static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) first = make_png (8, 8);
  g_autoptr(GBytes) second = make_png (16, 8);
  GtkWidget *strip = confab_test_get_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_SCROLLED_WINDOW, "composer-attachments");
  g_autoptr(GPtrArray) buttons = NULL;
  ConfabAttachment *left;

  confab_composer_add_image (fixture->composer, "first.png", first);
  confab_composer_add_image (fixture->composer, "second.png", second);
  confab_test_run_until (composer_is_loaded, fixture->composer);
  g_assert_cmpuint (confab_composer_get_attachments (fixture->composer)->len, ==, 2);

  /* They come in the order they were given, whichever is read first. */
  left = g_ptr_array_index (confab_composer_get_attachments (fixture->composer), 0);
  buttons = get_remove_buttons (strip);
  g_assert_cmpuint (buttons->len, ==, 2);
  g_signal_emit_by_name (g_ptr_array_index (buttons, 0), "clicked");
  g_clear_pointer (&buttons, g_ptr_array_unref);
  g_assert_cmpuint (confab_composer_get_attachments (fixture->composer)->len, ==, 1);
  g_assert_true (g_ptr_array_index (confab_composer_get_attachments (fixture->composer), 0) != left);
  buttons = get_remove_buttons (strip);
  g_assert_cmpuint (buttons->len, ==, 1);

  /* No text: the image is the prompt. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 2000));
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 1);
  g_assert_false (gtk_widget_get_visible (strip));
}

/* Too large, or not an image: a clear error, nothing attached. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *label = confab_test_get_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_LABEL, "composer-attach-error");
  g_autoptr(GBytes) text = g_bytes_new_static ("just text", 9);
  g_autoptr(GBytes) huge = NULL;
  guint8 *bytes;

  bytes = g_malloc0 (CONFAB_ATTACHMENT_MAX_SIZE + 1);
  memcpy (bytes, "\x89PNG\r\n\x1a\n", 8);
  huge = g_bytes_new_take (bytes, CONFAB_ATTACHMENT_MAX_SIZE + 1);

  confab_composer_add_image (fixture->composer, "huge.png", huge);
  confab_test_run_until (composer_is_loaded, fixture->composer);
  g_assert_cmpuint (confab_composer_get_attachments (fixture->composer)->len, ==, 0);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "“huge.png” is too large to send"));

  confab_composer_add_image (fixture->composer, "notes.png", text);
  confab_test_run_until (composer_is_loaded, fixture->composer);
  g_assert_cmpuint (confab_composer_get_attachments (fixture->composer)->len, ==, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "“notes.png” is not a PNG, JPEG, WebP or GIF image.");
}

static gboolean
has_one_attachment (gpointer data)
{
  return confab_composer_get_attachments (data)->len == 1;
}

/* Ctrl+V of an image attaches the image, and never puts text in the
 * composer; text on the clipboard is pasted as text.
 */
static void
test_paste (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GBytes) png = make_png (20, 10);
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (png, NULL);
  GtkTextView *text_view = confab_composer_get_text_view (fixture->composer);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (text_view));
  g_autofree char *text = NULL;
  ConfabAttachment *image;

  g_assert_nonnull (texture);
  gdk_clipboard_set_texture (clipboard, texture);
  g_signal_emit_by_name (text_view, "paste-clipboard");
  confab_test_run_until (has_one_attachment, fixture->composer);
  confab_test_run_until (composer_is_loaded, fixture->composer);

  image = g_ptr_array_index (confab_composer_get_attachments (fixture->composer), 0);
  g_assert_cmpstr (confab_attachment_get_mime_type (image), ==, "image/png");
  g_assert_cmpint (confab_attachment_get_width (image), ==, 20);
  g_assert_cmpint (confab_attachment_get_height (image), ==, 10);
  g_assert_cmpstr (confab_attachment_get_name (image), ==, "Pasted Image");
  text = confab_composer_get_text (fixture->composer);
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);

  gdk_clipboard_set_text (clipboard, "plain words");
  g_signal_emit_by_name (text_view, "paste-clipboard");
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  confab_test_run_until (composer_is_loaded, fixture->composer);
  g_assert_cmpuint (confab_composer_get_attachments (fixture->composer)->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  /* The test reads the English names and errors. */
  g_setenv ("LANGUAGE", "C", TRUE);

  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window-images/attach-send", NULL, test_attach_send);
  confab_test_window_add ("/window-images/remove", NULL, test_remove);
  confab_test_window_add ("/window-images/refused", NULL, test_refused);
  confab_test_window_add ("/window-images/paste", NULL, test_paste);

  return confab_test_window_run ();
}
