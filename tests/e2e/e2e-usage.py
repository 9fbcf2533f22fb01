#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of what is counted, as test-e2e.py runs its scenarios:
# the Usage window's totals, the credits left at the gateway and the
# monthly budget.  Run like test-e2e.py:
#
#   dbus-run-session -- python3 tests/e2e/e2e-usage.py usage credits budget

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from confab_e2e import Node, main, wait_for, walk  # noqa: E402
from e2e_steps import check, shoot, wait_answer, wait_idle  # noqa: E402


def test_usage(s):
    s.server.stream('Counting tokens.', pieces=2, delay_ms=20, usage=(1200, 345))
    app = s.start_app()
    app.send('How many tokens?')
    wait_answer(app, 'Counting tokens.')
    wait_idle(app)
    app.keys('ctrl+u')

    def usage_window():
        for window in app.windows():
            if window is not None and window != app.window and app.find_in(window, role='label',
                                                                           name='Total Tokens'):
                return window
        return None
    window = wait_for(usage_window, 'the Usage window')

    def labels():
        return [Node.name(n) for n in walk(window, showing_only=True) if Node.role(n) == 'label']
    # Numbers as the C locale prints them: no grouping.
    wait_for(lambda: {'1545', 'Total Tokens', '1200', 'Input', '345', 'Output'} <= set(labels()),
             'the totals of 1545 tokens, 1200 in and 345 out in the Usage window (it shows '
             f'{[t for t in labels() if any(c.isdigit() for c in t)][:12]})', timeout=10)


# Evolink's answer to GET /credits, from its documentation.
EVOLINK_CREDITS = ('{"data":{"token":{"remaining_credits":99416.4429,"unlimited_credits":false,"used_credits":583.5571},'
                   '"user":{"remaining_credits":1095.3996,"used_credits":135.9048}},"message":"","success":true}')


def usage_window(app, name):
    for window in app.windows():
        if window is not None and window != app.window and app.find_in(window, role='label', name=name):
            return window
    return None


def close_usage_window(app):
    """Closes the Usage window with its close button, as a reader does."""
    window = wait_for(lambda: next((w for w in app.windows() if w is not None and w != app.window), None),
                      'the Usage window')
    close = wait_for(lambda: app.find_in(window, predicate=lambda n: 'button' in Node.role(n) and
                                         Node.name(n) in ('Close', '닫기')), 'the close button of the Usage window')
    app.click(close)
    wait_for(lambda: not any(w is not None and w != app.window for w in app.windows()), 'the Usage window to close')


def test_credits(s):
    """What is left at the gateway, in the header's popover and in the
    Usage window, beside what the gateway counted and Confab's estimate;
    the plain test answer (13 input tokens of which 4 cached, 1,891
    output) costs about $0.018 at the list prices built in, with no price
    entered; and nothing is asked while nothing happens."""
    korean = os.environ.get('CONFAB_E2E_KOREAN') == '1'
    if korean:
        s.korean()
    names = {'left': '남은 크레딧', 'total': r'토큰 [\d,]+개', 'refresh': '크레딧 새로 고침'} if korean else \
        {'left': 'Credits Left', 'total': r'[\d,]+ tokens', 'refresh': 'Refresh Credits'}
    s.server.credits(EVOLINK_CREDITS)
    s.write_settings(model="'gemini-3.1-pro-preview'", api_key="'sk-e2e-credits'", monthly_budget='10.0')
    if korean:
        # In Korean, on the seeded history, for the pictures.
        s.seed()
        app = s.start_app()
        button = app.wait_find('the chat total in the header',
                               predicate=lambda n: 'button' in Node.role(n) and re.fullmatch(names['total'], Node.name(n)))
        app.click_at(button)
        app.wait_text('99416.44')
        shoot(s, 'credits-popover-ko')
        app.keys('Escape')
        app.keys('ctrl+u')
        window = wait_for(lambda: usage_window(app, names['left']), 'the credits in the Usage window')
        wait_for(lambda: any('1095.40' in Node.name(n) for n in walk(window, showing_only=True)),
                 'the account\'s credits in the Usage window')
        time.sleep(1)
        shoot(s, 'credits-usage-ko')
        return
    s.server.stream('Counting credits.', pieces=2, delay_ms=20, usage=(13, 1891, 4, 1480))
    s.server.stream('Counting again.', pieces=2, delay_ms=20, usage=(13, 1891, 4, 1480))
    app = s.start_app()
    app.wait_find('the composer', role='text')
    check(s.server.credits_requests() == 0, 'the credits were asked for before anything happened')

    # The first answer: the credits are asked for, and first seen.
    app.send('What does this cost?')
    wait_answer(app, 'Counting credits.')
    wait_idle(app)
    wait_for(lambda: s.server.credits_requests() == 1, 'the credits asked for after the answer')
    first_asked = time.monotonic()

    # The second answer spends 1.31 credits at the gateway; within 30 s
    # of the first request, it is not asked for at once.
    s.server.credits(EVOLINK_CREDITS.replace('583.5571', '584.8651').replace('99416.4429', '99415.1349'))
    app.send('And this one?')
    wait_answer(app, 'Counting again.', index=-1)
    wait_idle(app)
    if time.monotonic() - first_asked < 25:
        check(s.server.credits_requests() == 1, 'the credits were asked for again within 30 s')

    # The header's popover: the chat's cost and the credits.
    button = app.wait_find('the chat total in the header',
                           predicate=lambda n: 'button' in Node.role(n) and re.fullmatch(names['total'], Node.name(n)))
    app.click_at(button)
    app.wait_text('$0.036')
    # Those first seen, or, 30 s after them, the new ones.
    wait_for(lambda: any(app.find(name=f'{amount} {unit}') for amount in ('99416.44', '99415.13')
                         for unit in ('credits ($1380.78)', '크레딧($1380.78)', 'credits ($1380.77)', '크레딧($1380.77)')),
             'the key\'s credits in the popover')
    shoot(s, 'credits-popover-ko' if korean else 'credits-popover')
    app.keys('Escape')

    # The Usage window: credits, the cost at list prices, and after a
    # refresh, what the gateway counted since beside Confab's estimate.
    app.keys('ctrl+u')
    window = wait_for(lambda: usage_window(app, names['left']), 'the credits in the Usage window')

    def labels():
        return [Node.name(n) for n in walk(window, showing_only=True) if Node.role(n) == 'label']
    wait_for(lambda: '$0.036' in labels(), f'the cost of 2 × $0.018 in the Usage window (it shows {labels()[:30]})')
    check(any('1095.40' in t for t in labels()), f'the account\'s credits are not shown: {labels()[:30]}')
    month = '이번 달 $10.00 중 $0.036' if korean else '$0.036 of $10.00 this month'
    wait_for(lambda: month in labels(), f'the spend against the monthly budget (it shows {labels()[:30]})')
    refresh = app.find_in(window, name=names['refresh'])
    check(refresh is not None, 'no refresh button named for screen readers')
    asked = s.server.credits_requests()
    app.click(refresh)
    wait_for(lambda: s.server.credits_requests() >= asked + 1, 'the credits asked for again on Refresh')
    wait_for(lambda: any('99415.13' in t for t in labels()), f'the refreshed credits (it shows {labels()[:30]})')
    wait_for(lambda: any('$0.018 (1.31' in t for t in labels()),
             f'what the gateway counted since, $0.018 (1.31 credits) (it shows {labels()[:40]})')
    comparison = next(t for t in labels() if '(1.31' in t)
    check(comparison.count('$0.018') == 2, f'Confab\'s estimate is not beside it: {comparison!r}')
    shoot(s, 'credits-usage-ko' if korean else 'credits-usage')

    # Idle: nothing more is asked.
    asked = s.server.credits_requests()
    time.sleep(2)
    check(s.server.credits_requests() == asked, 'the credits were asked for while nothing happened')


def test_budget(s):
    """A monthly budget of one cent, spent by the first answer ($0.018 at
    list prices): the next send asks first; Cancel keeps the prompt and
    sends nothing, Send Anyway sends it."""
    s.write_settings(model="'gemini-3.1-pro-preview'", monthly_budget='0.01')
    s.server.stream('The first answer.', usage=(13, 1891, 4, 1480))
    s.server.stream('The second answer.', usage=(13, 10))
    app = s.start_app()
    app.send('First question')
    wait_answer(app, 'The first answer.')
    wait_idle(app)
    time.sleep(1)

    def question():
        return next((w for w in app.windows() if w is not None and w != app.window and
                     app.find_in(w, predicate=lambda n: 'Send Anyway' in Node.name(n))), None) or \
            app.find(predicate=lambda n: 'button' in Node.role(n) and 'Send Anyway' in Node.name(n))

    app.send('Second question')
    wait_for(question, 'the question before passing the budget')
    shown = [Node.name(n) for w in app.windows() if w is not None for n in walk(w, showing_only=True)]
    check(any('$0.018 of $0.01' in t for t in shown), f'the question does not say what was spent: {shown[:40]}')
    cancel = wait_for(lambda: next((n for w in app.windows() if w is not None for n in walk(w, showing_only=True)
                                    if 'button' in Node.role(n) and 'Cancel' in Node.name(n)), None),
                      'the Cancel button')
    app.click(cancel)
    wait_for(lambda: not question(), 'the question to close')
    check(Node.text(app.composer()) == 'Second question',
          f'the prompt was not kept: {Node.text(app.composer())!r}')
    check(len(s.server.requests()) == 1, 'the prompt was sent on Cancel')

    app.focus()
    app.click_at(app.composer())
    app.keys('Return')
    send = wait_for(lambda: next((n for w in app.windows() if w is not None for n in walk(w, showing_only=True)
                                  if 'button' in Node.role(n) and 'Send Anyway' in Node.name(n)), None),
                    'the Send Anyway button')
    app.click(send)
    wait_answer(app, 'The second answer.')
    check(len(s.server.requests()) == 2, 'Send Anyway did not send the prompt')


TESTS = {
    'usage': test_usage,
    'credits': test_credits,
    'budget': test_budget,
}

if __name__ == '__main__':
    sys.exit(main(TESTS))
