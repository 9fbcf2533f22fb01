#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A scripted notification server for the end-to-end tests: it owns
# org.freedesktop.Notifications on the session bus of the test, keeps
# what arrives, and is driven like confab-e2e-server, one JSON command a
# line on its standard input, one JSON answer a line on its output:
#
#   {"op": "calls"}                              what arrived so far
#   {"op": "invoke", "id": 1, "action": "default"}  as if clicked
#   {"op": "delay", "ms": 1500}                  answer each Notify call
#                                                that long after it arrives
#
# It prints {"ready": true} once it owns the name.

import json
import sys

from gi.repository import Gio, GLib

INTERFACE = '''
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/>
      <arg type="u" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="s" direction="in"/>
      <arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/>
      <arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification">
      <arg type="u" direction="in"/>
    </method>
    <method name="GetCapabilities">
      <arg type="as" direction="out"/>
    </method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/>
      <arg type="s" direction="out"/>
      <arg type="s" direction="out"/>
      <arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed">
      <arg type="u"/>
      <arg type="u"/>
    </signal>
    <signal name="ActionInvoked">
      <arg type="u"/>
      <arg type="s"/>
    </signal>
  </interface>
</node>
'''

PATH = '/org/freedesktop/Notifications'
calls = []
next_id = [1]
notify_delay_ms = [0]
connection = [None]


def method_call(conn, sender, path, interface, method, parameters, invocation):
    args = parameters.unpack()
    if method == 'Notify':
        app_name, replaces_id, icon, summary, body, actions, hints, timeout = args
        if replaces_id:
            notification_id = replaces_id
        else:
            notification_id = next_id[0]
            next_id[0] += 1
        calls.append(dict(method='Notify', id=notification_id, app_name=app_name, replaces_id=replaces_id,
                          summary=summary, body=body, actions=list(actions)))
        reply = GLib.Variant('(u)', (notification_id,))
        if notify_delay_ms[0]:
            # A busy notification server: the call is kept at once, the
            # answer comes later.
            GLib.timeout_add(notify_delay_ms[0], lambda: invocation.return_value(reply) and False)
        else:
            invocation.return_value(reply)
    elif method == 'CloseNotification':
        calls.append(dict(method='CloseNotification', id=args[0]))
        invocation.return_value(None)
    elif method == 'GetCapabilities':
        invocation.return_value(GLib.Variant('(as)', (['actions', 'body'],)))
    elif method == 'GetServerInformation':
        invocation.return_value(GLib.Variant('(ssss)', ('confab-e2e-notifications', 'Confab', '1', '1.2')))
    else:
        invocation.return_dbus_error('org.freedesktop.DBus.Error.UnknownMethod', method)


def answer(value):
    sys.stdout.write(json.dumps(value) + '\n')
    sys.stdout.flush()


def command_cb(source, condition):
    line = sys.stdin.readline()
    if not line:
        loop.quit()
        return False
    command = json.loads(line)
    if command['op'] == 'calls':
        answer(dict(calls=calls))
    elif command['op'] == 'delay':
        notify_delay_ms[0] = command['ms']
        answer(dict(ok=True))
    elif command['op'] == 'invoke':
        connection[0].emit_signal(None, PATH, 'org.freedesktop.Notifications', 'ActionInvoked',
                                  GLib.Variant('(us)', (command['id'], command['action'])))
        connection[0].flush_sync(None)
        answer(dict(ok=True))
    else:
        answer(dict(error=f'unknown op {command["op"]!r}'))
    return True


def bus_acquired(conn, name):
    connection[0] = conn
    info = Gio.DBusNodeInfo.new_for_xml(INTERFACE)
    conn.register_object(PATH, info.interfaces[0], method_call, None, None)


def name_acquired(conn, name):
    answer(dict(ready=True))


def name_lost(conn, name):
    answer(dict(error=f'could not own {name}'))
    loop.quit()


loop = GLib.MainLoop()
Gio.bus_own_name(Gio.BusType.SESSION, 'org.freedesktop.Notifications', Gio.BusNameOwnerFlags.NONE,
                 bus_acquired, name_acquired, name_lost)
GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, command_cb)
loop.run()
