/* Input as the scenes see it: pointers (mouse and each finger alike) in
 * window pixels, plus the few requests that are not pointer gestures. The
 * platform layer translates SDL events into these. */
#ifndef VS_INPUT_H
#define VS_INPUT_H

#include <stdint.h>

enum input_kind {
	INPUT_POINTER_DOWN,
	INPUT_POINTER_MOVE,
	INPUT_POINTER_UP,
	INPUT_POINTER_CANCEL, /* the gesture is void (focus lost, window hidden) */
	INPUT_RESIZE,	      /* the drawable size changed */
	INPUT_EXPOSE,	      /* the window needs repainting, nothing moved */
	INPUT_TERMINATE,      /* SIGTERM/SIGINT: store what must be stored, then end */
	INPUT_KEY,	      /* a key that means something to a scene (enum input_key) */
};

/* Only the keys the kiosk gives meaning to; every other key (Escape,
 * Ctrl+Q, F-keys) is swallowed by the platform and does nothing. */
enum input_key {
	KEY_NONE,
	KEY_TAB,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_UP,
	KEY_DOWN,
	KEY_ENTER, /* Enter and Space: activate, pick up, drop */
	KEY_BACKSPACE,
	KEY_DIGIT, /* with digit 0..9; from the numeric keypad, keypad is set */
	KEY_STAFF, /* Ctrl+Alt+S: ask for the staff PIN */
	/* For visitors who listen rather than look (docs/speech.md has the keypad's map): */
	KEY_REPEAT,  /* Insert: say again what was said last */
	KEY_BACK,    /* Delete, the keypad's point: put the card down, or go back */
	KEY_LOUDER,  /* the keypad's + */
	KEY_QUIETER, /* the keypad's - */
};

/* The mouse is pointer 0; fingers are numbered from 1 by the platform. */
#define INPUT_MOUSE 0

struct input_event {
	enum input_kind kind;
	int64_t pointer;
	int x, y;
	int64_t time_ms;    /* monotonic */
	enum input_key key; /* INPUT_KEY */
	int digit;	    /* KEY_DIGIT */
	int keypad;	    /* KEY_DIGIT: typed on the numeric keypad (NumLock on or off) */
	int shift;	    /* INPUT_KEY: Shift was held (Shift+Tab goes back) */
};

#endif
