/* confab-usage-chart.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-usage-chart.h"
#include "confab-usage-report.h"
#include "confab-tooltip.h"

/* A bar chart of the tokens of each day: one bar per day, input at the
 * bottom and output stacked on it, with the reasoning part of the output
 * shaded.  The bars take the widget's CSS color (the accent color, see
 * style.css) at three strengths, so they follow the light and dark styles
 * and the accent; the text takes the parent's color.  Each bar says what
 * it shows in its tooltip, and all of them in the accessible description.
 */

#define BAR_MAX_WIDTH   28.0f
#define BAR_RADIUS      3.0f
#define GAP             6.0f
#define MIN_HEIGHT      180
#define INPUT_ALPHA     0.35f
#define REASONING_ALPHA 0.65f
#define TEXT_ALPHA      0.7f
#define GRID_ALPHA      0.15f

struct _ConfabUsageChart
{
  GtkWidget   parent_instance;

  GListModel *days;
};

G_DEFINE_FINAL_TYPE (ConfabUsageChart, confab_usage_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
get_widget_color (GtkWidget *widget,
                  GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static gint64
get_count (ConfabUsageTotals *day,
           ConfabUsageField   field)
{
  return MAX (confab_usage_totals_get_field (day, field), 0);
}

static char *
format_day (GDateTime  *day,
            const char *format)
{
  if (day == NULL)
    return g_strdup ("");

  return g_date_time_format (day, format);
}

/* A count as people read it on an axis: 950, 12K, 3.4M. */
static char *
format_short_count (gint64 count)
{
  if (count >= 1000000000)
    return g_strdup_printf ("%.1fG", count / 1e9);
  if (count >= 1000000)
    return g_strdup_printf ("%.1fM", count / 1e6);
  if (count >= 1000)
    return g_strdup_printf ("%.0fK", count / 1e3);

  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

static gint64
get_max_tokens (ConfabUsageChart *self)
{
  guint n_days = self->days ? g_list_model_get_n_items (self->days) : 0;
  gint64 max = 0;

  for (guint i = 0; i < n_days; i++)
    {
      g_autoptr(ConfabUsageTotals) day = g_list_model_get_item (self->days, i);

      max = MAX (max, get_count (day, CONFAB_USAGE_FIELD_PROMPT) + get_count (day, CONFAB_USAGE_FIELD_COMPLETION));
    }

  return max;
}

static PangoLayout *
create_small_layout (ConfabUsageChart *self,
                     const char       *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             float          x,
             float          y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The plot's frame: a legend above, day labels below, counts left. */
typedef struct
{
  float left;
  float top;
  float width;
  float height;
  float line_height;
} Frame;

static void
get_frame (ConfabUsageChart *self,
           int               width,
           int               height,
           gint64            max,
           Frame            *frame)
{
  g_autofree char *max_text = format_short_count (max);
  g_autoptr(PangoLayout) layout = create_small_layout (self, max_text);
  int text_width, text_height;

  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  frame->line_height = text_height;
  frame->left = text_width + GAP;
  frame->top = text_height + 2 * GAP;
  frame->width = MAX (width - frame->left, 1);
  frame->height = MAX (height - frame->top - text_height - GAP, 1);
}

static void
append_legend_item (ConfabUsageChart *self,
                    GtkSnapshot      *snapshot,
                    float            *x,
                    const char       *text,
                    const GdkRGBA    *swatch,
                    const GdkRGBA    *text_color,
                    float             line_height)
{
  g_autoptr(PangoLayout) layout = create_small_layout (self, text);
  float size = MIN (line_height * 0.7f, 10.0f);
  int text_width;

  gtk_snapshot_append_color (snapshot, swatch,
                             &GRAPHENE_RECT_INIT (*x, (line_height - size) / 2, size, size));
  *x += size + 4;
  append_text (snapshot, layout, *x, 0, text_color);
  pango_layout_get_pixel_size (layout, &text_width, NULL);
  *x += text_width + 2 * GAP;
}

static void
append_bar (GtkSnapshot           *snapshot,
            const graphene_rect_t *bar,
            float                  input_height,
            float                  reasoning_height,
            const GdkRGBA         *input_color,
            const GdkRGBA         *output_color,
            const GdkRGBA         *reasoning_color)
{
  GskRoundedRect outline;
  float bottom = bar->origin.y + bar->size.height;
  float radius = MIN (BAR_RADIUS, bar->size.width / 2);

  gsk_rounded_rect_init (&outline, bar,
                         &GRAPHENE_SIZE_INIT (radius, radius),
                         &GRAPHENE_SIZE_INIT (radius, radius),
                         &GRAPHENE_SIZE_INIT (0, 0),
                         &GRAPHENE_SIZE_INIT (0, 0));
  gtk_snapshot_push_rounded_clip (snapshot, &outline);

  /* From the bottom: input, the reasoning part of the output, the rest
   * of the output.  The parts do not overlap: their colors are see-through.
   */
  gtk_snapshot_append_color (snapshot, input_color,
                             &GRAPHENE_RECT_INIT (bar->origin.x, bottom - input_height,
                                                  bar->size.width, input_height));
  gtk_snapshot_append_color (snapshot, reasoning_color,
                             &GRAPHENE_RECT_INIT (bar->origin.x, bottom - input_height - reasoning_height,
                                                  bar->size.width, reasoning_height));
  gtk_snapshot_append_color (snapshot, output_color,
                             &GRAPHENE_RECT_INIT (bar->origin.x, bar->origin.y, bar->size.width,
                                                  MAX (bar->size.height - input_height - reasoning_height, 0)));

  gtk_snapshot_pop (snapshot);
}

static void
confab_usage_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  ConfabUsageChart *self = CONFAB_USAGE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n_days = self->days ? g_list_model_get_n_items (self->days) : 0;
  gint64 max = get_max_tokens (self);
  GdkRGBA accent, input_color, reasoning_color, text_color, grid_color;
  g_autofree char *max_text = NULL;
  g_autofree char *half_text = NULL;
  g_autoptr(PangoLayout) max_layout = NULL;
  g_autoptr(PangoLayout) half_layout = NULL;
  int label_width = 0;
  guint label_step;
  float legend_x = 0;
  float label_end = 0;
  float slot, bar_width;
  Frame frame;

  get_widget_color (widget, &accent);
  get_widget_color (gtk_widget_get_parent (widget), &text_color);

  input_color = accent;
  input_color.alpha *= INPUT_ALPHA;
  reasoning_color = accent;
  reasoning_color.alpha *= REASONING_ALPHA;
  grid_color = text_color;
  grid_color.alpha *= GRID_ALPHA;
  text_color.alpha *= TEXT_ALPHA;

  get_frame (self, width, height, max, &frame);

  /* The legend. */
  append_legend_item (self, snapshot, &legend_x, _("Input"), &input_color, &text_color, frame.line_height);
  append_legend_item (self, snapshot, &legend_x, _("Output"), &accent, &text_color, frame.line_height);
  append_legend_item (self, snapshot, &legend_x, _("Reasoning (part of output)"), &reasoning_color, &text_color, frame.line_height);

  if (n_days == 0)
    return;

  /* Grid lines at the largest day and at half of it, with their counts. */
  max_text = format_short_count (max);
  half_text = format_short_count (max / 2);
  max_layout = create_small_layout (self, max_text);
  half_layout = create_small_layout (self, half_text);

  for (guint i = 0; i < 3; i++)
    {
      float y = frame.top + frame.height * i / 2.0f;

      gtk_snapshot_append_color (snapshot, &grid_color,
                                 &GRAPHENE_RECT_INIT (frame.left, (int) y, frame.width, 1));
    }

  if (max > 0)
    {
      append_text (snapshot, max_layout, 0, frame.top - frame.line_height / 2, &text_color);
      append_text (snapshot, half_layout, 0, frame.top + frame.height / 2 - frame.line_height / 2, &text_color);
    }

  slot = frame.width / n_days;
  bar_width = MAX (1.0f, MIN (BAR_MAX_WIDTH, slot * 0.7f));

  /* Day labels where there is room for them, first and last always. */
  {
    g_autoptr(ConfabUsageTotals) first = g_list_model_get_item (self->days, 0);
    /* Translators: a day under a bar of the usage chart; see
     * g_date_time_format() for the codes.
     */
    g_autofree char *text = format_day (confab_usage_totals_get_day (first), _("%b %-d"));
    g_autoptr(PangoLayout) layout = create_small_layout (self, text);

    pango_layout_get_pixel_size (layout, &label_width, NULL);
    label_step = 1 + (guint) ((label_width + 2 * GAP) / slot);
  }

  for (guint i = 0; i < n_days; i++)
    {
      g_autoptr(ConfabUsageTotals) day = g_list_model_get_item (self->days, i);
      gint64 input = get_count (day, CONFAB_USAGE_FIELD_PROMPT);
      gint64 output = get_count (day, CONFAB_USAGE_FIELD_COMPLETION);
      gint64 reasoning = MIN (get_count (day, CONFAB_USAGE_FIELD_REASONING), output);
      float x = frame.left + slot * i + (slot - bar_width) / 2;
      float bottom = frame.top + frame.height;

      if (max > 0 && input + output > 0)
        {
          float scale = frame.height / (float) max;
          float bar_height = MAX (1.0f, (input + output) * scale);
          graphene_rect_t bar = GRAPHENE_RECT_INIT (x, bottom - bar_height, bar_width, bar_height);

          append_bar (snapshot, &bar, input * scale, reasoning * scale,
                      &input_color, &accent, &reasoning_color);
        }

      /* Every label_step-th day, and the last one when there is room. */
      if (i % label_step == 0 || i == n_days - 1)
        {
          g_autofree char *text = format_day (confab_usage_totals_get_day (day), _("%b %-d"));
          g_autoptr(PangoLayout) layout = create_small_layout (self, text);
          float center = frame.left + slot * i + slot / 2;
          float text_x;
          int text_width;

          pango_layout_get_pixel_size (layout, &text_width, NULL);
          text_x = CLAMP (center - text_width / 2.0f, frame.left, width - text_width);
          if (text_x >= label_end)
            {
              append_text (snapshot, layout, text_x, bottom + GAP / 2, &text_color);
              label_end = text_x + text_width + GAP;
            }
        }
    }
}

static void
confab_usage_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 480;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = MIN_HEIGHT + 40;
    }
}

static gboolean
confab_usage_chart_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_mode,
                                  GtkTooltip *tooltip)
{
  ConfabUsageChart *self = CONFAB_USAGE_CHART (widget);
  guint n_days = confab_usage_chart_get_n_bars (self);
  g_autofree char *text = NULL;
  Frame frame;
  int position;

  if (n_days == 0 || keyboard_mode)
    return FALSE;

  get_frame (self, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
             get_max_tokens (self), &frame);
  if (x < frame.left || y < frame.top)
    return FALSE;

  position = (int) ((x - frame.left) / (frame.width / n_days));
  if (position < 0 || (guint) position >= n_days)
    return FALSE;

  text = confab_usage_chart_dup_bar_description (self, position);
  confab_tooltip_show_text (tooltip, widget, text);

  return TRUE;
}

static void
confab_usage_chart_update_description (ConfabUsageChart *self)
{
  g_autoptr(GString) description = g_string_new (NULL);
  guint n_days = confab_usage_chart_get_n_bars (self);

  for (guint i = 0; i < n_days; i++)
    {
      g_autofree char *text = confab_usage_chart_dup_bar_description (self, i);

      if (i > 0)
        g_string_append (description, "\n");
      g_string_append (description, text);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static void
confab_usage_chart_items_changed_cb (ConfabUsageChart *self)
{
  confab_usage_chart_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
confab_usage_chart_dispose (GObject *object)
{
  ConfabUsageChart *self = (ConfabUsageChart *)object;

  if (self->days != NULL)
    g_signal_handlers_disconnect_by_data (self->days, self);
  g_clear_object (&self->days);

  G_OBJECT_CLASS (confab_usage_chart_parent_class)->dispose (object);
}

static void
confab_usage_chart_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ConfabUsageChart *self = CONFAB_USAGE_CHART (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      g_value_set_object (value, self->days);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_chart_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ConfabUsageChart *self = CONFAB_USAGE_CHART (object);

  switch (prop_id)
    {
    case PROP_DAYS:
      confab_usage_chart_set_days (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_chart_class_init (ConfabUsageChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_usage_chart_dispose;
  object_class->get_property = confab_usage_chart_get_property;
  object_class->set_property = confab_usage_chart_set_property;

  widget_class->measure = confab_usage_chart_measure;
  widget_class->snapshot = confab_usage_chart_snapshot;
  widget_class->query_tooltip = confab_usage_chart_query_tooltip;

  /**
   * ConfabUsageChart:days:
   *
   * The #ConfabUsageTotals of the days, oldest first: one bar each.
   */
  properties[PROP_DAYS] =
    g_param_spec_object ("days", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "usagechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
confab_usage_chart_init (ConfabUsageChart *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tokens per Day"),
                                  -1);
}

GtkWidget *
confab_usage_chart_new (void)
{
  return g_object_new (CONFAB_TYPE_USAGE_CHART, NULL);
}

/**
 * confab_usage_chart_get_days:
 *
 * Returns: (transfer none) (nullable): the days shown
 */
GListModel *
confab_usage_chart_get_days (ConfabUsageChart *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_CHART (self), NULL);

  return self->days;
}

void
confab_usage_chart_set_days (ConfabUsageChart *self,
                             GListModel       *days)
{
  g_return_if_fail (CONFAB_IS_USAGE_CHART (self));
  g_return_if_fail (!days || G_IS_LIST_MODEL (days));

  if (self->days == days)
    return;

  if (self->days != NULL)
    g_signal_handlers_disconnect_by_data (self->days, self);
  g_set_object (&self->days, days);
  if (self->days != NULL)
    g_signal_connect_object (self->days, "items-changed",
                             G_CALLBACK (confab_usage_chart_items_changed_cb),
                             self, G_CONNECT_SWAPPED);

  confab_usage_chart_items_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAYS]);
}

guint
confab_usage_chart_get_n_bars (ConfabUsageChart *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_CHART (self), 0);

  return self->days ? g_list_model_get_n_items (self->days) : 0;
}

/**
 * confab_usage_chart_dup_bar_description:
 *
 * Returns: (transfer full): what the bar at @position shows, in words
 */
char *
confab_usage_chart_dup_bar_description (ConfabUsageChart *self,
                                        guint             position)
{
  g_autoptr(ConfabUsageTotals) day = NULL;
  g_autofree char *date = NULL;
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  g_autofree char *reasoning = NULL;
  guint n_requests;

  g_return_val_if_fail (CONFAB_IS_USAGE_CHART (self), NULL);
  g_return_val_if_fail (position < confab_usage_chart_get_n_bars (self), NULL);

  day = g_list_model_get_item (self->days, position);
  /* Translators: a day in the chart's tooltips; see g_date_time_format(). */
  date = format_day (confab_usage_totals_get_day (day), _("%A, %B %-d, %Y"));
  n_requests = confab_usage_totals_get_n_requests (day);

  if (n_requests == 0)
    /* Translators: %s is a day. */
    return g_strdup_printf (_("%s: no requests"), date);

  input = confab_usage_format_count (get_count (day, CONFAB_USAGE_FIELD_PROMPT));
  output = confab_usage_format_count (get_count (day, CONFAB_USAGE_FIELD_COMPLETION));
  reasoning = confab_usage_format_count (get_count (day, CONFAB_USAGE_FIELD_REASONING));

  /* Translators: a bar of the usage chart: the day, then token counts. */
  return g_strdup_printf (_("%s: %s input, %s output (%s reasoning) tokens"),
                          date, input, output, reasoning);
}
