#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of images, as test-e2e.py runs its scenarios: an image
# copied in another app (xclip) and pasted into the composer with Ctrl+V,
# its thumbnail and the button that removes it read through the
# accessibility tree, the prompt sent with Enter, and the request the
# scripted server received.  'images-korean' does the same in Korean (for
# the screenshots; CONFAB_E2E_SCREENSHOTS=DIR keeps pictures of both).
#
#   dbus-run-session -- python3 tests/e2e/e2e-images.py images

import base64
import os
import struct
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from confab_e2e import Atspi, Node, main, wait_for  # noqa: E402
from e2e_steps import check, shoot  # noqa: E402


def png(width, height, rgb):
    """A PNG file of width × height pixels of one colour."""
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    row = b'\x00' + bytes(rgb) * width
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(row * height)) +
            chunk(b'IEND', b''))


def png_size(data):
    check(data[:8] == b'\x89PNG\r\n\x1a\n', f'not a PNG: {data[:16]!r}')
    return struct.unpack('>II', data[16:24])


def paste_and_send(s, names):
    path = os.path.join(s.tmp, 'square.png')
    with open(path, 'wb') as f:
        f.write(png(64, 48, (0xe0, 0x1b, 0x24)))
    s.server.stream(names['answer'], pieces=2, delay_ms=20, usage=(300, 12))
    app = s.start_app()
    composer = app.composer()
    app.click_at(composer)
    wait_for(lambda: Node.states(composer).contains(Atspi.StateType.FOCUSED), 'the focus in the composer')

    # Copied as an image in another app; xclip serves it until it is read.
    subprocess.run(['xclip', '-selection', 'clipboard', '-t', 'image/png', '-i', path],
                   env=s.env, check=True, timeout=30)
    app.keys('ctrl+v')
    remove = app.wait_find('the button that removes the pasted image', role='push button',
                           name=names['remove'])
    app.wait_find('the thumbnail in the composer', role='image', name=names['pasted'])
    check(Node.text(composer) == '', f'the paste put text in the composer: {Node.text(composer)[:40]!r}')
    check(Node.showing(remove), 'the remove button does not show')

    app.type(names['prompt'])
    wait_for(lambda: Node.text(composer) == names['prompt'],
             f'the prompt in the composer (it holds {Node.text(composer)!r})')
    shoot(s, f'{s.name}-composer')
    app.keys('Return')

    app.wait_text(names['answer'])
    body = s.server.wait_for_requests(1)[0]['body']
    content = body['messages'][-1]['content']
    check(isinstance(content, list), f'the prompt went as {content!r}')
    check(content[0] == {'type': 'text', 'text': names['prompt']}, f'the first part is {content[0]!r}')
    url = content[1]['image_url']['url']
    check(content[1]['type'] == 'image_url' and url.startswith('data:image/png;base64,'),
          f'the second part is {str(content[1])[:80]!r}')
    check(png_size(base64.b64decode(url.split(',', 1)[1])) == (64, 48), 'the image sent is not the one pasted')

    # The composer is empty again; the thumbnail went with the prompt.
    wait_for(lambda: not app.find(role='push button', name=names['remove']), 'the composer emptied of its image')
    thumbnail = wait_for(lambda: app.find(role='image', name=names['pasted']), 'the thumbnail in the sent message')
    check(app.within_window(thumbnail), 'the thumbnail of the sent message is not on screen')
    shoot(s, f'{s.name}-sent')


def test_images(s):
    paste_and_send(s, {
        'answer': 'A red rectangle.',
        'prompt': 'What is this?',
        'pasted': 'Pasted Image',
        'remove': 'Remove image Pasted Image',
    })


def test_images_korean(s):
    s.korean()
    paste_and_send(s, {
        'answer': 'A red rectangle.',
        'prompt': 'What is this?',
        'pasted': '붙여 넣은 이미지',
        'remove': '이미지 빼기: 붙여 넣은 이미지',
    })


TESTS = {
    'images': test_images,
    'images-korean': test_images_korean,
}

if __name__ == '__main__':
    sys.exit(main(TESTS))
