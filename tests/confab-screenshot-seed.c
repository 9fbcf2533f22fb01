/* confab-screenshot-seed.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seeds the history that the published screenshots show
 * (`build-aux/confab-dev screenshots`): a month of chats with usage, in
 * English or in Korean, the newest opened at start.
 *
 *   confab-screenshot-seed en|ko DATA-HOME
 */

#include "config.h"

#include <glib/gstdio.h>

#include "confab-message.h"
#include "confab-store.h"
#include "confab-usage.h"

#define MODEL       "gemini-3.1-pro-preview"
#define FAST_MODEL  "gemini-2.5-flash"

typedef struct
{
  const char *title;
  const char *prompt;
  const char *answer;
  const char *model;
  int         days_ago;
  gint64      prompt_tokens;
  gint64      cached_tokens;
  gint64      completion_tokens;
  gint64      reasoning_tokens;
} Chat;

static const Chat chats_en[] = {
  { "A packing list for Jeju", "What should I pack for four days on Jeju in October?",
    "Layers: the wind on the coast is cool. A light rain jacket, walking shoes for the Olle trails, and a swimsuit if you like cold water.",
    FAST_MODEL, 27, 2140, 0, 610, 0 },
  { "Rust lifetimes", "Explain lifetimes in Rust with one short example.",
    "A lifetime names how long a reference stays valid. `fn longest<'a>(x: &'a str, y: &'a str) -> &'a str` says the result lives as long as both inputs.",
    MODEL, 23, 5120, 1024, 2890, 1210 },
  { "Email to the landlord", "Help me ask my landlord, politely, to fix the heating.",
    "Dear Ms Park,\n\nThe heating in the flat has not worked since Monday. Could someone look at it this week? I am at home after 6 pm.\n\nThank you,",
    FAST_MODEL, 19, 1830, 0, 420, 0 },
  { "Gemini price tiers", "Why do long prompts cost more per token?",
    "Above 200K prompt tokens the input price doubles: the model needs more memory and compute for every token it attends to.",
    MODEL, 14, 9800, 4096, 3120, 1840 },
  { "Sourdough timing", "My starter peaks after 6 hours. When should I mix the dough?",
    "Mix when the starter has doubled and just begins to dome, about 5 to 6 hours after feeding.",
    FAST_MODEL, 9, 1460, 0, 380, 0 },
  { "Meson and GTK 4", "How do I compile GResources with Meson?",
    "Use `gnome.compile_resources()` with your `.gresource.xml`, and add the result to your executable's sources.",
    MODEL, 5, 7430, 2048, 2410, 960 },
  { "Sum a CSV column in Python", "How do I read a CSV file in Python and add up one column?",
    "The `csv` module reads it row by row; `DictReader` names the columns from the first line:\n\n"
    "```python\nimport csv\n\nwith open(\"sales.csv\", newline=\"\") as f:\n    total = sum(float(row[\"amount\"]) for row in csv.DictReader(f))\n\nprint(f\"Total: {total:.2f}\")\n```\n\n"
    "| Way | Good for |\n| --- | --- |\n| `csv` | no extra packages |\n| `pandas` | large files, more analysis |\n",
    MODEL, 0, 12480, 8192, 1891, 1340 },
};

static const Chat chats_ko[] = {
  { "제주 여행 짐 싸기", "10월에 제주도 4일 여행, 뭘 챙기면 좋을까요?",
    "해안은 바람이 차가워요. 얇은 옷을 겹쳐 입고, 가벼운 우비와 올레길용 운동화를 챙기세요.",
    FAST_MODEL, 27, 2140, 0, 610, 0 },
  { "Rust 라이프타임", "Rust의 라이프타임을 짧은 예제 하나로 설명해 주세요.",
    "라이프타임은 참조가 유효한 기간에 붙인 이름이에요. `fn longest<'a>(x: &'a str, y: &'a str) -> &'a str`는 결과가 두 입력만큼 살아 있다는 뜻이에요.",
    MODEL, 23, 5120, 1024, 2890, 1210 },
  { "집주인에게 보낼 메일", "난방을 고쳐 달라고 집주인에게 정중하게 부탁하는 메일을 써 주세요.",
    "박 선생님께,\n\n월요일부터 집 난방이 작동하지 않습니다. 이번 주 안에 점검해 주실 수 있을까요? 평일 저녁 6시 이후에는 집에 있습니다.\n\n감사합니다.",
    FAST_MODEL, 19, 1830, 0, 420, 0 },
  { "Gemini 가격 구간", "긴 프롬프트는 왜 토큰당 가격이 더 비싼가요?",
    "프롬프트가 20만 토큰을 넘으면 입력 가격이 두 배가 돼요. 토큰마다 더 많은 메모리와 연산이 필요하기 때문이에요.",
    MODEL, 14, 9800, 4096, 3120, 1840 },
  { "사워도우 반죽 시간", "르방이 6시간 뒤에 최고로 부풀어요. 반죽은 언제 하나요?",
    "먹이를 준 뒤 5~6시간, 르방이 두 배로 부풀고 윗면이 둥글어지기 시작할 때 반죽하세요.",
    FAST_MODEL, 9, 1460, 0, 380, 0 },
  { "Meson과 GTK 4", "Meson으로 GResource를 컴파일하려면 어떻게 하나요?",
    "`.gresource.xml`과 함께 `gnome.compile_resources()`를 쓰고, 결과를 실행 파일의 소스에 더하세요.",
    MODEL, 5, 7430, 2048, 2410, 960 },
  { "파이썬으로 CSV 열 합계", "파이썬으로 CSV 파일을 읽고 한 열의 합을 구하려면 어떻게 하나요?",
    "`csv` 모듈로 한 줄씩 읽으면 돼요. `DictReader`는 첫 줄로 열 이름을 정해요.\n\n"
    "```python\nimport csv\n\nwith open(\"sales.csv\", newline=\"\") as f:\n    total = sum(float(row[\"amount\"]) for row in csv.DictReader(f))\n\nprint(f\"합계: {total:.2f}\")\n```\n\n"
    "| 방법 | 알맞은 경우 |\n| --- | --- |\n| `csv` | 추가 패키지 없이 |\n| `pandas` | 큰 파일, 더 많은 분석 |\n",
    MODEL, 0, 12480, 8192, 1891, 1340 },
};

static void
append (ConfabStore   *store,
        gint64         id,
        ConfabMessage *message,
        GDateTime     *when)
{
  g_autoptr(GError) error = NULL;

  confab_message_set_created (message, when);
  if (!confab_store_append_message (store, id, message, &error))
    g_error ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const Chat *chats;
  gsize n_chats;
  gint64 id = 0;

  if (argc != 3 || (g_strcmp0 (argv[1], "en") != 0 && g_strcmp0 (argv[1], "ko") != 0))
    {
      g_printerr ("Usage: %s en|ko DATA-HOME\n", argv[0]);
      return 2;
    }

  chats = g_str_equal (argv[1], "ko") ? chats_ko : chats_en;
  n_chats = g_str_equal (argv[1], "ko") ? G_N_ELEMENTS (chats_ko) : G_N_ELEMENTS (chats_en);

  dir = g_build_filename (argv[2], "confab", NULL);
  path = g_build_filename (dir, "confab.db", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_error ("Cannot make %s", dir);
  if (!(store = confab_store_new_for_path (path, &error)))
    g_error ("%s", error->message);

  for (gsize i = 0; i < n_chats; i++)
    {
      const Chat *chat = &chats[i];
      /* The newest a few minutes ago, the others in the afternoon. */
      g_autoptr(GDateTime) day = g_date_time_add_days (now, -chat->days_ago);
      g_autoptr(GDateTime) asked = chat->days_ago == 0
        ? g_date_time_add_minutes (now, -3)
        : g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                 g_date_time_get_day_of_month (day), 15, 12, 0);
      g_autoptr(GDateTime) answered = g_date_time_add_seconds (asked, 21);
      g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, chat->prompt);
      g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, chat->answer);
      g_autoptr(ConfabUsage) usage = confab_usage_new ();

      confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, chat->prompt_tokens);
      if (chat->cached_tokens > 0)
        confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, chat->cached_tokens);
      confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, chat->completion_tokens);
      if (chat->reasoning_tokens > 0)
        confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, chat->reasoning_tokens);
      confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, chat->prompt_tokens + chat->completion_tokens);
      confab_message_set_model (answer, chat->model);
      confab_message_set_usage (answer, usage);

      if ((id = confab_store_create_conversation (store, &error)) == 0 ||
          !confab_store_rename_conversation (store, id, chat->title, &error))
        g_error ("%s", error->message);
      append (store, id, prompt, asked);
      append (store, id, answer, answered);
    }

  if (!confab_store_set_last_conversation (store, id, &error))
    g_error ("%s", error->message);

  return 0;
}
