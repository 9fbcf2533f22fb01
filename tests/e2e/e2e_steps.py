# SPDX-License-Identifier: GPL-3.0-or-later
#
# The steps the scenarios of test-e2e.py and the e2e-*.py share: checks,
# answers waited for, chats opened, pictures of the screen.

import os
import subprocess

from confab_e2e import Failure, wait_for


def check(condition, message):
    if not condition:
        raise Failure(message)


def shoot(s, name):
    """A picture of the screen in CONFAB_E2E_SCREENSHOTS, when it is set."""
    shots = os.environ.get('CONFAB_E2E_SCREENSHOTS')
    if shots:
        os.makedirs(shots, exist_ok=True)
        subprocess.run(['import', '-window', 'root', os.path.join(shots, f'{name}.png')],
                       env=s.env, check=False)


def lines(prefix, n):
    """An answer of n paragraphs, tall enough to fill the window quickly."""
    return '\n\n'.join(f'{prefix}, paragraph {k}.' for k in range(1, n + 1))


def wait_answer(app, text, index=-1):
    """Waits until the answer at index holds text, and returns it."""
    def has_text():
        answers = app.answers()
        return answers and text in app.answer_text(answers[index]) and answers[index]
    return wait_for(has_text, f'an answer with {text!r}')


def wait_growing(app, answer, what):
    """Waits until the text of answer grows, and returns its length."""
    start = len(app.answer_text(answer))
    return wait_for(lambda: len(app.answer_text(answer)) > start + 5 and len(app.answer_text(answer)),
                    f'{what} to grow beyond {start} characters', timeout=15)


def wait_idle(app):
    """Waits until the composer offers Send again."""
    wait_for(lambda: not app.busy(), 'the composer to offer Send again')


def open_chat(app, title):
    """Opens the chat whose title in the sidebar contains title."""
    chats = app.wait_find('the list of chats', role='list', name='Chats')
    label = wait_for(lambda: app.find_in(chats, role='label', contains=title), f'chat {title!r} in the sidebar')
    app.click_at(label)


def roles(body):
    return [m['role'] for m in body['messages']]

