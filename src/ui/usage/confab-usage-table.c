/* confab-usage-table.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-usage-report.h"
#include "confab-tooltip.h"
#include "confab-usage-table.h"

/* One table of the usage window: a row of ConfabUsageTotals per day,
 * model or chat, with a column per count, sortable by any of them.  The
 * column of unreported requests and that of the cost are shown only
 * when they have something to say.
 */

typedef enum
{
  COLUMN_REQUESTS,
  COLUMN_FIELD,
  COLUMN_UNREPORTED,
  COLUMN_COST,
} ColumnKind;

typedef struct
{
  const char       *title;
  const char       *property;
  ColumnKind        kind;
  ConfabUsageField  field;
} ColumnSpec;

static const ColumnSpec numeric_columns[] = {
  { N_("Requests"), "n-requests", COLUMN_REQUESTS, 0 },
  { N_("Input"), "input", COLUMN_FIELD, CONFAB_USAGE_FIELD_PROMPT },
  { N_("Cached"), "cached", COLUMN_FIELD, CONFAB_USAGE_FIELD_CACHED },
  { N_("Output"), "output", COLUMN_FIELD, CONFAB_USAGE_FIELD_COMPLETION },
  { N_("Reasoning"), "reasoning", COLUMN_FIELD, CONFAB_USAGE_FIELD_REASONING },
  { N_("Total"), "total", COLUMN_FIELD, CONFAB_USAGE_FIELD_TOTAL },
  { N_("Unreported"), "n-unreported", COLUMN_UNREPORTED, 0 },
  { N_("Cost"), "cost", COLUMN_COST, 0 },
};

struct _ConfabUsageTable
{
  GtkWidget             parent_instance;

  ConfabUsageTableKind  kind;
  GtkSortListModel     *sorted;
  GtkColumnViewColumn  *unreported_column;
  GtkColumnViewColumn  *cost_column;

  /* Template widgets */
  GtkColumnView        *view;
};

G_DEFINE_ENUM_TYPE (ConfabUsageTableKind, confab_usage_table_kind,
                    G_DEFINE_ENUM_VALUE (CONFAB_USAGE_TABLE_DAYS, "days"),
                    G_DEFINE_ENUM_VALUE (CONFAB_USAGE_TABLE_MODELS, "models"),
                    G_DEFINE_ENUM_VALUE (CONFAB_USAGE_TABLE_CONVERSATIONS, "conversations"))

G_DEFINE_FINAL_TYPE (ConfabUsageTable, confab_usage_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
get_label_text (ConfabUsageTableKind   kind,
                ConfabUsageTotals     *totals,
                char                 **owned)
{
  const char *label = confab_usage_totals_get_label (totals);

  switch (kind)
    {
    case CONFAB_USAGE_TABLE_DAYS:
      /* Translators: a day in the usage table; see g_date_time_format(). */
      *owned = g_date_time_format (confab_usage_totals_get_day (totals), _("%a %Y-%m-%d"));
      return *owned;

    case CONFAB_USAGE_TABLE_MODELS:
      return label != NULL && *label != '\0' ? label : _("Unknown Model");

    case CONFAB_USAGE_TABLE_CONVERSATIONS:
    default:
      /* What was spent in chats that were deleted since. */
      if (confab_usage_totals_get_conversation_id (totals) == 0)
        return _("Deleted Chats");
      return label != NULL && *label != '\0' ? label : _("New Chat");
    }
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_width_chars (GTK_LABEL (label), 18);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  ConfabUsageTable *self = user_data;
  ConfabUsageTotals *totals = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *owned = NULL;
  const char *text = get_label_text (self->kind, totals, &owned);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* Long titles and model names are cut short; the tooltip has them.
   * A table binds hundreds of cells: see confab_tooltip_set_text().
   */
  confab_tooltip_set_text (label, text);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static char *
format_cost (ConfabUsageTotals  *totals,
             char              **tooltip)
{
  guint n_reported = confab_usage_totals_get_n_requests (totals) - confab_usage_totals_get_n_unreported (totals);
  guint n_costed = confab_usage_totals_get_n_costed (totals);

  if (n_costed == 0)
    {
      *tooltip = g_strdup (_("No price is set for these requests"));
      return g_strdup ("—");
    }

  if (n_costed < n_reported)
    /* Translators: the cost of some requests is known, of others not. */
    *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The cost of %u of %u request: the others have no price",
                                             "The cost of %u of %u requests: the others have no price",
                                             n_reported),
                                n_costed, n_reported);

  return confab_pricing_format_cost (confab_usage_totals_get_cost (totals));
}

static void
bind_number_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  const ColumnSpec *spec = user_data;
  ConfabUsageTotals *totals = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  switch (spec->kind)
    {
    case COLUMN_REQUESTS:
      text = confab_usage_format_count (confab_usage_totals_get_n_requests (totals));
      break;

    case COLUMN_FIELD:
      text = confab_usage_format_count (confab_usage_totals_get_field (totals, spec->field));
      break;

    case COLUMN_UNREPORTED:
      text = confab_usage_format_count (confab_usage_totals_get_n_unreported (totals));
      break;

    case COLUMN_COST:
      text = format_cost (totals, &tooltip);
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  confab_tooltip_set_text (label, tooltip);
}

static GtkColumnViewColumn *
add_column (GtkColumnView *view,
            const char    *title,
            GCallback      setup,
            GCallback      bind,
            gpointer       data,
            GtkSorter     *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", bind, data);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
  g_object_unref (sorter);
  g_object_unref (column);

  return column;
}

static void
build_columns (ConfabUsageTable *self)
{
  static const char *label_titles[] = { N_("Day"), N_("Model"), N_("Chat") };
  static const char *view_names[] = { "days-view", "models-view", "conversations-view" };
  static const char *view_labels[] = { N_("Usage by Day"), N_("Usage by Model"), N_("Usage by Chat") };
  GtkColumnViewColumn *label_column;
  GtkSorter *sorter;

  gtk_widget_set_name (GTK_WIDGET (self->view), view_names[self->kind]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(view_labels[self->kind]),
                                  -1);

  /* Days sort by their ISO label, which is in the order of the days. */
  sorter = GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (CONFAB_TYPE_USAGE_TOTALS, NULL, "label")));
  label_column = add_column (self->view, _(label_titles[self->kind]),
                             G_CALLBACK (setup_label_cb), G_CALLBACK (bind_label_cb),
                             self, sorter);
  gtk_column_view_column_set_expand (label_column, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (numeric_columns); i++)
    {
      const ColumnSpec *spec = &numeric_columns[i];
      GtkColumnViewColumn *column;

      sorter = GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (CONFAB_TYPE_USAGE_TOTALS, NULL, spec->property)));
      column = add_column (self->view, _(spec->title),
                           G_CALLBACK (setup_number_cb), G_CALLBACK (bind_number_cb),
                           (gpointer) spec, sorter);

      if (spec->kind == COLUMN_UNREPORTED)
        self->unreported_column = column;
      else if (spec->kind == COLUMN_COST)
        self->cost_column = column;
    }

  /* The newest day first. */
  if (self->kind == CONFAB_USAGE_TABLE_DAYS)
    gtk_column_view_sort_by_column (self->view, label_column, GTK_SORT_DESCENDING);
}

static void
activate_cb (ConfabUsageTable *self,
             guint             position,
             GtkColumnView    *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(ConfabUsageTotals) totals = g_list_model_get_item (model, position);

  if (totals != NULL)
    g_signal_emit (self, signals[ACTIVATE], 0, totals);
}

static void
confab_usage_table_constructed (GObject *object)
{
  ConfabUsageTable *self = (ConfabUsageTable *)object;

  G_OBJECT_CLASS (confab_usage_table_parent_class)->constructed (object);

  build_columns (self);
}

static void
confab_usage_table_dispose (GObject *object)
{
  ConfabUsageTable *self = (ConfabUsageTable *)object;
  GtkWidget *child;

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_USAGE_TABLE);
#endif

  /* dispose_template() leaves the template's unnamed top widget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->sorted);

  G_OBJECT_CLASS (confab_usage_table_parent_class)->dispose (object);
}

static void
confab_usage_table_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConfabUsageTable *self = CONFAB_USAGE_TABLE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_table_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ConfabUsageTable *self = CONFAB_USAGE_TABLE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_table_class_init (ConfabUsageTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = confab_usage_table_constructed;
  object_class->dispose = confab_usage_table_dispose;
  object_class->get_property = confab_usage_table_get_property;
  object_class->set_property = confab_usage_table_set_property;

  /**
   * ConfabUsageTable:kind:
   *
   * Whether the rows are days, models or chats.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       CONFAB_TYPE_USAGE_TABLE_KIND,
                       CONFAB_USAGE_TABLE_DAYS,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConfabUsageTable::activate:
   * @totals: the #ConfabUsageTotals of the row
   *
   * Emitted when a row is activated, such as by a double click.
   */
  signals[ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, CONFAB_TYPE_USAGE_TOTALS);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-usage-table.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageTable, view);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
confab_usage_table_init (ConfabUsageTable *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sorted = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
}

GtkWidget *
confab_usage_table_new (ConfabUsageTableKind kind)
{
  return g_object_new (CONFAB_TYPE_USAGE_TABLE,
                       "kind", kind,
                       NULL);
}

ConfabUsageTableKind
confab_usage_table_get_kind (ConfabUsageTable *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TABLE (self), CONFAB_USAGE_TABLE_DAYS);

  return self->kind;
}

/**
 * confab_usage_table_set_model:
 * @totals: (nullable): a #GListModel of #ConfabUsageTotals
 *
 * Shows @totals, in the order of the column chosen to sort them.
 */
void
confab_usage_table_set_model (ConfabUsageTable *self,
                              GListModel       *totals)
{
  g_return_if_fail (CONFAB_IS_USAGE_TABLE (self));
  g_return_if_fail (!totals || G_IS_LIST_MODEL (totals));

  gtk_sort_list_model_set_model (self->sorted, totals);
}

void
confab_usage_table_set_show_cost (ConfabUsageTable *self,
                                  gboolean          show_cost)
{
  g_return_if_fail (CONFAB_IS_USAGE_TABLE (self));

  gtk_column_view_column_set_visible (self->cost_column, show_cost);
}

void
confab_usage_table_set_show_unreported (ConfabUsageTable *self,
                                        gboolean          show_unreported)
{
  g_return_if_fail (CONFAB_IS_USAGE_TABLE (self));

  gtk_column_view_column_set_visible (self->unreported_column, show_unreported);
}
