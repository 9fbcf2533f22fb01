/* test-window-layout.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window at its default size, 720 × 820, on a history with one
 * answer: what people notice of its layout.
 */

#include "config.h"

#include <adwaita.h>

#include "confab-accessible.h"
#include "confab-application.h"
#include "confab-message-row.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-usage-popover.h"
#include "confab-window.h"

#define TITLE "Some C and a table"

static ConfabApplication *app;

typedef struct
{
  ConfabWindow *window;
  gint64        conversation_id;
} Fixture;

static GtkWidget *
find_answer_row (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (CONFAB_IS_MESSAGE_ROW (child) &&
          confab_message_row_get_message (CONFAB_MESSAGE_ROW (child)) != NULL &&
          confab_message_get_role (confab_message_row_get_message (CONFAB_MESSAGE_ROW (child))) == CONFAB_ROLE_ASSISTANT &&
          gtk_widget_get_mapped (child))
        return child;
      if ((found = find_answer_row (child)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
answer_is_shown (gpointer data)
{
  GtkWidget *row = find_answer_row (data);

  return row != NULL && gtk_widget_get_width (row) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (app);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Show me some C and a table.");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "Here it is: `int main (void)`.");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  g_autoptr(GError) error = NULL;

  /* A long usage line: large counts, and reasoning last. */
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 1234567);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, 1000000);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 7654321);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 4321000);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 8888888);
  confab_message_set_model (answer, "test-model-with-a-long-name");
  confab_message_set_usage (answer, usage);

  fixture->conversation_id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  g_assert_true (confab_store_append_message (store, fixture->conversation_id, prompt, &error));
  g_assert_true (confab_store_append_message (store, fixture->conversation_id, answer, &error));
  g_assert_true (confab_store_rename_conversation (store, fixture->conversation_id, TITLE, &error));
  g_assert_true (confab_store_set_last_conversation (store, fixture->conversation_id, &error));
  g_assert_no_error (error);

  /* A local server needs no key: no welcome page. */
  g_settings_set_string (confab_application_get_settings (app), "base-url", "http://127.0.0.1:9/v1");

  fixture->window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);
  confab_test_run_until (answer_is_shown, fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  confab_store_delete_conversation (confab_application_get_store (app), fixture->conversation_id, NULL);
}

static gboolean
label_is_one_line (gpointer data)
{
  return g_str_has_prefix (gtk_label_get_text (data), "1904 tokens") &&
         pango_layout_get_line_count (gtk_label_get_layout (data)) == 1;
}

/* The usage line wraps rather than losing its end, the reasoning count. */
static void
test_usage_line_wraps (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *row = find_answer_row (GTK_WIDGET (fixture->window));
  GtkWidget *label = confab_test_find_widget (row, GTK_TYPE_LABEL, "usage-label");
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 720);
  g_assert_cmpint (height, ==, 820);

  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "reasoning"));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  g_assert_cmpint (gtk_widget_get_width (label), <=, gtk_widget_get_width (row));

  /* It starts where its button does, and wraps only when it must. */
  {
    GtkWidget *button = gtk_widget_get_ancestor (label, GTK_TYPE_MENU_BUTTON);
    graphene_rect_t bounds;
    int natural;

    g_assert_true (gtk_widget_compute_bounds (label, button, &bounds));
    g_assert_cmpfloat (bounds.origin.x, <, 12);
    gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
    g_assert_cmpint (gtk_widget_get_width (label), >=, MIN (natural, gtk_widget_get_width (row) / 2));
  }

  /* A usual line fits on one. */
  {
    ConfabMessage *answer = confab_message_row_get_message (CONFAB_MESSAGE_ROW (row));
    g_autoptr(ConfabUsage) usage = confab_usage_new ();

    confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 1200);
    confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 700);
    confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 4);
    confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 1904);
    confab_message_set_usage (answer, usage);
    confab_test_run_until (label_is_one_line, label);
  }
}

/* Messages keep off the sides of the list, as the composer does. */
static void
test_side_padding (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *row = find_answer_row (GTK_WIDGET (fixture->window));
  GtkWidget *list = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW);
  GtkWidget *content = gtk_widget_get_first_child (row);
  graphene_rect_t bounds;

  g_assert_nonnull (list);
  g_assert_true (gtk_widget_compute_bounds (content, list, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 12);
  g_assert_cmpfloat (gtk_widget_get_width (list) - (bounds.origin.x + bounds.size.width), >=, 12);
}

/* The window has taken the width asked for (less its client-side
 * frame), and its sidebar is folded away.
 */
static gboolean
window_is_narrow (gpointer user_data)
{
  GtkWidget *window = user_data;
  int width = 0, height = 0;

#if ADW_CHECK_VERSION (1, 4, 0)
  GtkWidget *split = confab_test_find_widget (window, ADW_TYPE_NAVIGATION_SPLIT_VIEW, NULL);

  if (!adw_navigation_split_view_get_collapsed (ADW_NAVIGATION_SPLIT_VIEW (split)))
    return FALSE;
#endif

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);

  return gtk_widget_get_width (window) <= width;
}

static GtkWidget *
find_split (GtkWidget *root)
{
  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL; widget = confab_widget_next_descendant (root, widget))
#if ADW_CHECK_VERSION (1, 4, 0)
    if (ADW_IS_NAVIGATION_SPLIT_VIEW (widget))
#else
    if (ADW_IS_LEAFLET (widget))
#endif
      return widget;

  return NULL;
}

static gboolean
is_folded (gpointer data)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  return adw_navigation_split_view_get_collapsed (data);
#else
  return adw_leaflet_get_folded (data);
#endif
}

static gboolean
is_unfolded (gpointer data)
{
  return !is_folded (data);
}

/* The metainfo says 360 px: the window can be that narrow, with a
 * minimize and a maximize button too and the back button of the folded
 * sidebar; the chat's total leaves the header bar for it, and is back
 * once there is room.  From libadwaita 1.4 on, a breakpoint folds the
 * sidebar once the window is that narrow, so the window is made that
 * narrow before its content is measured: the sidebar and the chat side
 * by side need more, and would be measured.
 */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->window));
  GtkWidget *total = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "total-button");
  GtkWidget *back = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "back-button");
  int minimum, width;

  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "icon:minimize,maximize,close", NULL);
  g_assert_true (gtk_widget_get_visible (total));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 820);
  confab_test_run_until (window_is_narrow, fixture->window);
  g_assert_false (gtk_widget_get_visible (total));
  gtk_widget_set_visible (back, TRUE);
  /* Side by side, the two need more: from libadwaita 1.4 on only the
   * breakpoint, once the window is that narrow, puts them one after the
   * other.
   */
  confab_test_run_until (is_folded, find_split (GTK_WIDGET (fixture->window)));
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  gtk_widget_get_size_request (GTK_WIDGET (fixture->window), &width, NULL);
  g_assert_cmpint (width, <=, 360);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 820);
  g_assert_true (gtk_widget_get_visible (total));
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <, 720);
}

/* A narrow window shows the sidebar and the chat one after the other:
 * from libadwaita 1.4 on an AdwNavigationSplitView that a breakpoint
 * collapses, an AdwLeaflet before.  Every header bar sits in an
 * AdwToolbarView from 1.4 on.
 */
static void
test_fold (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->window);
  GtkWidget *split = find_split (root);
  guint n_headers = 0;

  g_assert_nonnull (split);
  confab_test_run_until (is_unfolded, split);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  confab_test_run_until (is_folded, split);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 720);
  confab_test_run_until (is_unfolded, split);

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL; widget = confab_widget_next_descendant (root, widget))
    if (ADW_IS_HEADER_BAR (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL)
      {
        n_headers++;
#if ADW_CHECK_VERSION (1, 4, 0)
        g_assert_true (ADW_IS_TOOLBAR_VIEW (gtk_widget_get_ancestor (widget, ADW_TYPE_TOOLBAR_VIEW)));
#else
        g_assert_true (GTK_IS_BOX (gtk_widget_get_parent (widget)));
#endif
      }
  g_assert_cmpuint (n_headers, ==, 2);
}

static guint
count_visible_labels (GtkWidget  *root,
                      const char *prefix)
{
  guint n = 0;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL; widget = confab_widget_next_descendant (root, widget))
    if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
        g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
      n++;

  return n;
}

/* The window is named after the chat it shows, in the window list and
 * in its header, and follows a rename.
 */
static void
test_title (Fixture       *fixture,
            gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (app);
  GtkWidget *root = GTK_WIDGET (fixture->window);
  gboolean in_header = FALSE;

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, TITLE);

  g_assert_true (confab_store_rename_conversation (store, fixture->conversation_id, "Renamed", NULL));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Renamed");

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL; widget = confab_widget_next_descendant (root, widget))
    if (ADW_IS_WINDOW_TITLE (widget) && g_strcmp0 (adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), "Renamed") == 0)
      in_header = TRUE;
  g_assert_true (in_header);
}

/* The usage popover opens without a text caret in a number, its rows
 * say each thing once, and audio and images show only when counted.
 */
static void
test_usage_popover (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *row = find_answer_row (GTK_WIDGET (fixture->window));
  GtkWidget *button = confab_test_find_widget (row, GTK_TYPE_MENU_BUTTON, "usage-button");
  GtkPopover *popover;
  GtkWidget *focus;
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_true (CONFAB_IS_USAGE_POPOVER (popover));
  confab_test_run_until (confab_test_widget_is_mapped, popover);

  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (popover)));
  g_assert_false (GTK_IS_LABEL (focus) && gtk_label_get_selectable (GTK_LABEL (focus)));
  for (GtkWidget *widget = gtk_widget_get_first_child (GTK_WIDGET (popover));
       widget != NULL;
       widget = confab_widget_next_descendant (GTK_WIDGET (popover), widget))
    g_assert_false (GTK_IS_LABEL (widget) && gtk_widget_has_focus (widget));

  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (popover), "Input"), ==, 1);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (popover), "Output"), ==, 1);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (popover), "Audio"), ==, 0);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (popover), "Image"), ==, 0);
  gtk_popover_popdown (popover);

  /* Counted audio shows. */
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 10);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT_AUDIO, 5);
  confab_usage_popover_set_usage (CONFAB_USAGE_POPOVER (popover), usage);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (popover), "Audio input"), ==, 1);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (popover), "Image"), ==, 0);
}

/* Right-clicking an answer offers what applies to read-only text: Copy
 * and Select All, not Cut, Paste, Delete, Undo or Redo.
 */
static void
test_context_menu (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *row = find_answer_row (GTK_WIDGET (fixture->window));
  GtkWidget *view = confab_test_find_widget (row, GTK_TYPE_TEXT_VIEW, "markdown-text");
  g_autoptr(GListModel) controllers = NULL;
  GtkEventController *context = NULL;
  GtkWidget *popover = NULL;
  GMenuModel *model;
  g_autoptr(GString) actions = g_string_new (NULL);

  g_assert_nonnull (view);
  controllers = gtk_widget_observe_controllers (view);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        context = controller;
    }
  g_assert_nonnull (context);
  g_signal_emit_by_name (context, "pressed", 1, 4.0, 4.0);

  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      popover = child;
  g_assert_nonnull (popover);
  confab_test_run_until (confab_test_widget_is_mapped, popover);

  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover));
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_string_append_printf (actions, "%s ", action);
    }
  g_assert_cmpstr (actions->str, ==, "clipboard.copy selection.select-all ");
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static guint
count_mapped (GtkWidget *root,
              GType      type)
{
  guint n = 0;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL; widget = confab_widget_next_descendant (root, widget))
    if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
      n++;

  return n;
}

/* The first start shows one welcome, not a second status page beside
 * it in the empty sidebar (HIG: one empty state a view).
 */
static void
test_first_start (void)
{
  GSettings *settings = confab_application_get_settings (app);
  GListModel *conversations = confab_store_get_conversations (confab_application_get_store (app));
  ConfabWindow *window;

  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 0);
  g_settings_set_string (settings, "base-url", "https://api.evolink.ai/v1");
  g_settings_set_string (settings, "api-key", "");

  window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  confab_test_run_until (confab_test_widget_is_mapped, window);

  g_assert_cmpuint (count_mapped (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE), ==, 1);
  g_assert_cmpuint (count_visible_labels (GTK_WIDGET (window), "Welcome to Confab"), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("confab-test-window-layout-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  confab_test_ui_init (&argc, &argv);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.TestLayout", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (confab_application_get_store (app));

  g_test_add_func ("/window-layout/first-start", test_first_start);
  g_test_add ("/window-layout/usage-line-wraps", Fixture, NULL, fixture_set_up, test_usage_line_wraps, fixture_tear_down);
  g_test_add ("/window-layout/side-padding", Fixture, NULL, fixture_set_up, test_side_padding, fixture_tear_down);
  g_test_add ("/window-layout/narrow", Fixture, NULL, fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/window-layout/fold", Fixture, NULL, fixture_set_up, test_fold, fixture_tear_down);
  g_test_add ("/window-layout/title", Fixture, NULL, fixture_set_up, test_title, fixture_tear_down);
  g_test_add ("/window-layout/context-menu", Fixture, NULL, fixture_set_up, test_context_menu, fixture_tear_down);
  g_test_add ("/window-layout/usage-popover", Fixture, NULL, fixture_set_up, test_usage_popover, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
