#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of a long answer read with the keyboard, as test-e2e.py
# runs its scenarios.  'copy-far': an answer of many code blocks, whose
# first block is far above the view (its widgets not even mapped, on GTK
# 4.12 and later not in the accessibility tree); Shift+Tab from the composer goes up the
# answer to it, and its Copy Code button, activated as a screen reader
# does, puts its code on the clipboard.  'shortcuts': Ctrl+? shows the
# keyboard shortcuts and Escape hides them, while an assistive technology
# asks the app for a window past those shown, as one does when a dialog
# closes: the app answers and lives on.
#
#   dbus-run-session -- python3 tests/e2e/e2e-keyboard.py copy-far shortcuts

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from confab_e2e import Atspi, Failure, GLibError, Node, main, wait_for, walk  # noqa: E402
from e2e_steps import check, shoot, wait_answer, wait_idle  # noqa: E402

SECTIONS = 12


def focused_in(root):
    """The node below root that has the keyboard's focus, if any."""
    for node in walk(root, showing_only=True):
        if Node.states(node).contains(Atspi.StateType.FOCUSED):
            return node
    return None


def code_of(button):
    """The code of the block whose Copy Code button is button: the one
    code text in the nearest ancestor that has any."""
    node = button
    for _ in range(4):
        node = node.get_parent()
        if node is None:
            return None
        codes = [Node.text(child).strip() for child in walk(node, showing_only=True)
                 if Node.role(child) == 'text' and Node.text(child).startswith('int step_')]
        if codes:
            return codes[0] if len(codes) == 1 else None
    return None


def test_copy_far(s):
    text = ''.join(f'Section {k} explains one more step of the work, at some length.\n\n'
                   f'```c\nint step_{k} = {k};\n```\n\n' for k in range(SECTIONS))
    s.server.stream(text, pieces=10, delay_ms=20)
    app = s.start_app()
    app.send('Explain the work, step by step')
    answer = wait_answer(app, f'Section {SECTIONS - 1} explains')
    wait_idle(app)
    wait_for(lambda: app.text_node(f'int step_{SECTIONS - 1} = {SECTIONS - 1};'), 'the last code block on screen')
    first = app.text_node('int step_0 = 0;')
    check(first is None or not app.in_viewport(first), 'the first code block is on screen at the end of the answer')

    # Shift+Tab from the composer goes up into the chat.  On 4 December
    # 2026 it did not: the focus stayed in the composer on GTK 4.8, and
    # went between the composer's text and its Attach Images button on
    # GTK 4.24 (see tests/e2e/meson.build).
    went = []
    for _ in range(10):
        app.keys('shift+Tab')
        focus = wait_for(lambda: focused_in(app.window), 'something focused', timeout=10)
        if focused_in(app.messages()) is not None:
            break
        went.append(f'{Node.role(focus)} {Node.name(focus)!r}')
    else:
        raise Failure('Shift+Tab from the composer never reaches the chat (the focus went to '
                      + ', '.join(went) + ')')

    # Up the answer, one Shift+Tab at a time, to the first block's Copy
    # Code button; each button on the way says which block it copies.
    found = None
    seen = []
    for _ in range(8 * SECTIONS):
        focus = focused_in(app.messages())
        if focus is not None and Node.role(focus) == 'push button' and Node.name(focus) == 'Copy Code':
            code = code_of(focus)
            seen.append(code)
            check(app.in_viewport(focus), f'the focused Copy Code button of {code!r} is not on screen')
            if code == 'int step_0 = 0;':
                found = focus
                break
        app.keys('shift+Tab')
    check(found is not None, f'Shift+Tab never reached the first block\'s Copy Code button (it reached {seen})')
    check(len(seen) == SECTIONS, f'Shift+Tab reached {len(seen)} Copy Code buttons, not {SECTIONS}: {seen}')

    app.click(found)
    wait_for(lambda: (s.clipboard() or '').strip() == 'int step_0 = 0;',
             f'the first block\'s code on the clipboard (it holds {s.clipboard()!r})', timeout=10)
    check(app.in_viewport(answer), 'the answer is not on screen')


def ask_past_the_windows(app):
    """Asks the app, as a screen reader may, for the windows just past
    those it shows, then for its windows again: an answer to that proves
    it answered the first (GTK 4.8 to 4.16 crashed on it when a window of
    the app was never shown)."""
    count = app.node.get_child_count()
    for index in (count, count + 1):
        try:
            app.node.get_child_at_index(index)
        except GLibError:
            pass
    try:
        Atspi.Accessible.clear_cache(app.node)
        again = app.node.get_child_count()
    except GLibError as error:
        raise Failure(f'the app no longer answers after it was asked for window {count} ({error})') from None
    check(app.process.poll() is None, f'the app ended ({app.process.returncode}) when asked for window {count}')
    check(again == count, f'the app shows {again} windows, not {count}')


def shown_texts(app):
    return [Node.name(n) or Node.text(n) for w in app.windows() if w is not None
            for n in walk(w, showing_only=True)]


def test_shortcuts(s):
    app = s.start_app()
    app.composer()
    ask_past_the_windows(app)

    app.keys('ctrl+question')
    wait_for(lambda: {'Send message', 'Insert a new line', 'Stop generating'} <= set(shown_texts(app)),
             'the keyboard shortcuts')
    shoot(s, 'shortcuts')
    ask_past_the_windows(app)

    app.keys('Escape')
    wait_for(lambda: 'Insert a new line' not in shown_texts(app), 'the keyboard shortcuts to close')
    ask_past_the_windows(app)
    app.composer()


TESTS = {
    'copy-far': test_copy_far,
    'shortcuts': test_shortcuts,
}

if __name__ == '__main__':
    sys.exit(main(TESTS))
