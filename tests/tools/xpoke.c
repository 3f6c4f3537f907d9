/* vs-xpoke: what a window manager or a visitor could do to the kiosk's
 * window that xdotool 3.2016 cannot, for the end-to-end escape test.
 *
 *   vs-xpoke close WINDOW        send WM_DELETE_WINDOW, as a window
 *                                manager does for a close button or Alt+F4
 *   vs-xpoke steal-focus MS      map a window of our own, give it the input
 *                                focus for MS milliseconds, then go away
 *                                (what Alt+Tab to another program does)
 *
 * WINDOW is a decimal or 0x-hex X window id (xdotool's). Exit 0 when the
 * request was delivered, 1 on a usage error, 2 when X refused. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#endif

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int usage(void)
{
	fputs("usage: vs-xpoke close WINDOW | vs-xpoke steal-focus MS\n", stderr);
	return 1;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int close_window(Display *dpy, Window w)
{
	Atom protocols = XInternAtom(dpy, "WM_PROTOCOLS", False);
	Atom del = XInternAtom(dpy, "WM_DELETE_WINDOW", False);
	Atom *list = NULL;
	int n = 0, listed = 0;
	if (XGetWMProtocols(dpy, w, &list, &n)) {
		for (int i = 0; i < n; i++)
			listed |= list[i] == del;
		XFree(list);
	}
	if (!listed) {
		fprintf(stderr, "vs-xpoke: window 0x%lx does not take WM_DELETE_WINDOW\n",
			(unsigned long)w);
		return 2;
	}
	XEvent ev;
	memset(&ev, 0, sizeof(ev));
	ev.xclient.type = ClientMessage;
	ev.xclient.window = w;
	ev.xclient.message_type = protocols;
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = (long)del;
	ev.xclient.data.l[1] = CurrentTime;
	if (!XSendEvent(dpy, w, False, NoEventMask, &ev)) {
		fputs("vs-xpoke: XSendEvent failed\n", stderr);
		return 2;
	}
	XSync(dpy, False);
	printf("sent WM_DELETE_WINDOW to 0x%lx\n", (unsigned long)w);
	return 0;
}

static int steal_focus(Display *dpy, long ms)
{
	int screen = DefaultScreen(dpy);
	Window w = XCreateSimpleWindow(dpy, RootWindow(dpy, screen), 0, 0, 32, 32, 0,
				       BlackPixel(dpy, screen), WhitePixel(dpy, screen));
	XStoreName(dpy, w, "vs-xpoke");
	XSelectInput(dpy, w, StructureNotifyMask | FocusChangeMask);
	XMapRaised(dpy, w);
	XEvent ev;
	do
		XNextEvent(dpy, &ev);
	while (ev.type != MapNotify);
	XSetInputFocus(dpy, w, RevertToPointerRoot, CurrentTime);
	XSync(dpy, False);
	Window focus;
	int revert;
	XGetInputFocus(dpy, &focus, &revert);
	if (focus != w) {
		fputs("vs-xpoke: could not take the input focus\n", stderr);
		return 2;
	}
	printf("focus on 0x%lx for %ld ms\n", (unsigned long)w, ms);
	fflush(stdout);
	sleep_ms(ms);
	XDestroyWindow(dpy, w);
	XSync(dpy, False);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return usage();
	char *end;
	unsigned long v = strtoul(argv[2], &end, 0);
	if (*argv[2] == '\0' || *end != '\0')
		return usage();
	Display *dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fputs("vs-xpoke: cannot open the display (DISPLAY unset?)\n", stderr);
		return 2;
	}
	int code;
	if (strcmp(argv[1], "close") == 0)
		code = close_window(dpy, (Window)v);
	else if (strcmp(argv[1], "steal-focus") == 0)
		code = steal_focus(dpy, (long)v);
	else
		code = usage();
	XCloseDisplay(dpy);
	return code;
}
