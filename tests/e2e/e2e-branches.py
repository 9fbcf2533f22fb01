#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end test of versions, as a person with a screen reader meets
# them: Regenerate on an earlier answer, the ‹ 2/2 › switcher with its
# Previous Version and Next Version buttons, and Edit and Resend on an
# earlier prompt, each keeping the other version.  Run like test-e2e.py:
#
#   dbus-run-session -- python3 tests/e2e/e2e-branches.py branches

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from confab_e2e import Failure, Node, main, wait_for  # noqa: E402


def check(condition, message):
    if not condition:
        raise Failure(message)


def messages(app, prefix):
    """The messages shown whose accessible name starts with prefix."""
    return app.find_all(app.messages(), showing=True,
                        predicate=lambda n: (Node.role(n) in ('article', 'panel')
                                             and Node.name(n).startswith(prefix)))


def prompts(app):
    return messages(app, 'Your message')


def wait_answer(app, index, text):
    def has_text():
        answers = app.answers()
        return len(answers) > index and text in app.answer_text(answers[index]) and answers[index]
    return wait_for(has_text, f'answer {index + 1} with {text!r}')


def wait_idle(app):
    wait_for(lambda: not app.busy(), 'the composer to offer Send again')


def button(app, message, name):
    return wait_for(lambda: app.find_in(message, role='push button', name=name),
                    f'a button named {name!r} in the message (its buttons: {app.button_names(message)})',
                    timeout=10)


def switcher_label(app, message, text):
    """The label 'text' of the switcher of message, which must say
    'Version N of M' to a screen reader."""
    label = wait_for(lambda: app.find_in(message, role='label', name=text),
                     f'the label {text!r} in the message', timeout=10)
    version, total = text.split('/')
    described = label.get_description() or ''
    check(described == f'Version {version} of {total}',
          f'the label {text!r} is described as {described!r}')
    return label


def sent(s, n):
    """The contents of the messages of the n-th request."""
    body = s.server.wait_for_requests(n)[n - 1]['body']
    return [m['content'] for m in body['messages']]


def test_branches(s):
    s.server.stream('Answer one.', pieces=2, delay_ms=20)
    s.server.stream('Answer two.', pieces=2, delay_ms=20)
    app = s.start_app()
    app.send('First question')
    wait_answer(app, 0, 'Answer one.')
    wait_idle(app)
    app.send('Second question')
    wait_answer(app, 1, 'Answer two.')
    wait_idle(app)

    # Regenerate the first answer: a new one in its place, asked with the
    # first prompt alone; what followed is set aside, not lost.
    s.server.stream('Answer one, again.', pieces=2, delay_ms=20)
    app.click(button(app, app.answers()[0], 'Regenerate'))
    wait_answer(app, 0, 'Answer one, again.')
    wait_idle(app)
    check(sent(s, 3) == ['First question'], f'the regenerated answer was asked with {sent(s, 3)}')
    wait_for(lambda: app.text_node('Second question') is None, 'the second exchange to be set aside')

    # ‹ 2/2 ›: Previous Version shows the first answer and what followed it.
    first = app.answers()[0]
    switcher_label(app, first, '2/2')
    app.click(button(app, first, 'Previous Version'))
    wait_answer(app, 0, 'Answer one.')
    wait_answer(app, 1, 'Answer two.')
    app.wait_text('Second question')
    switcher_label(app, app.answers()[0], '1/2')

    # Edit and Resend the second prompt: sent as a new version after the
    # same history, with no question asked.
    second = wait_for(lambda: len(prompts(app)) == 2 and prompts(app)[1], 'the second prompt')
    s.server.stream('Answer two, edited.', pieces=2, delay_ms=20)
    app.click(button(app, second, 'Edit and Resend'))
    composer = app.composer()
    wait_for(lambda: Node.text(composer) == 'Second question',
             f'the prompt in the composer (it holds {Node.text(composer)!r})')
    app.keys('ctrl+End')
    app.type(', edited')
    wait_for(lambda: Node.text(composer) == 'Second question, edited',
             f'the edited prompt in the composer (it holds {Node.text(composer)!r})')
    app.keys('Return')
    wait_answer(app, 1, 'Answer two, edited.')
    wait_idle(app)
    check(sent(s, 4) == ['First question', 'Answer one.', 'Second question, edited'],
          f'the edited prompt was sent with {sent(s, 4)}')

    # Both versions of the prompt, each with its own answer.
    second = wait_for(lambda: len(prompts(app)) == 2 and prompts(app)[1], 'the second prompt')
    switcher_label(app, second, '2/2')
    app.click(button(app, second, 'Previous Version'))
    wait_answer(app, 1, 'Answer two.')
    app.wait_text('Second question')
    second = wait_for(lambda: len(prompts(app)) == 2 and prompts(app)[1], 'the second prompt')
    switcher_label(app, second, '1/2')
    app.click(button(app, second, 'Next Version'))
    wait_answer(app, 1, 'Answer two, edited.')
    app.wait_text('Second question, edited')


TESTS = {
    'branches': test_branches,
}

if __name__ == '__main__':
    sys.exit(main(TESTS))
