/* What the kiosk's loop (app.c) and the way between its scenes
 * (app_flow.c) share: the owner struct and the scenes it holds. Only for
 * src/kiosk/; other rooms use app.h. */
#ifndef VS_APP_INTERNAL_H
#define VS_APP_INTERNAL_H

#include "kiosk/app.h"
#include "kiosk/app_frames.h"
#include "kiosk/app_session.h"
#include "kiosk/app_staff.h"
#include "common/strbuf.h"
#include "model/catalog.h"
#include "platform/platform.h"
#include "ui/draw.h"
#include "ui/env.h"
#include "ui/focus.h"
#include "ui/layout.h"
#include "ui/scene.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_OFFERED 16
#define STAFF_HOLD_MS 3000 /* the hidden corner press */

struct app_speech;

enum scene_id {
	SC_ATTRACT,
	SC_LANGUAGE,
	SC_INTRO,
	SC_SORT,
	SC_PROFILE,
	SC_THANKS,
	SC_IDLE,
	SC_PIN,
	SC_STAFF,
	SC_CONFIRM,
	SC_COUNT
};

/* What the confirm scene is asking. */
enum confirm_kind {
	CONFIRM_NONE,
	CONFIRM_START_OVER, /* a visitor: clear the visit and go back to the start? */
	CONFIRM_EXIT	    /* staff: end the kiosk? */
};

/* What the kiosk has said, so that only what changed is said (app_speech_say.c, app_say_*.c). */
struct app_said {
	enum scene_id scene; /* announced last; SC_COUNT before any */
	const struct session *session;
	size_t moves;	      /* the session's move count when last looked */
	char *selected;	      /* the card marked selected when last looked, or NULL */
	char *focused;	      /* the focused item when last looked, or NULL */
	int focused_selected; /* and its "selected" then */
	bool all_placed;      /* "every card is in a pile" was said */
	bool cards_left;      /* the sort scene showed how many cards are left */
	bool announce_on;     /* "reading aloud is on" goes before the next scene */
	/* the attract screen held to switch reading aloud on */
	bool hold;
	int64_t hold_pointer, hold_since;
	int hold_x, hold_y;
	/* a speaker button pressed and not yet let go, and the press */
	char *speaker;
	int64_t speaker_pointer;
	struct input_event speaker_down;
};

struct app {
	const struct app_options *opt;
	struct catalog *cat;
	struct platform *platform;
	struct ui_env env;
	size_t offered[MAX_OFFERED];
	struct visit visit; /* the keyword set, the log and the session on screen */
	struct staff_access staff;
	bool corner_down; /* a press is held on the staff corner */
	int64_t corner_pointer;
	int64_t corner_since;
	bool quit; /* staff chose to end the kiosk */

	struct scene *scenes[SC_COUNT];
	enum scene_id current;
	enum scene_id before_idle;
	/* Staff came in from here: their menu pauses the visit, and closing
	 * it returns to the visitor's scene in the visitor's language. */
	enum scene_id before_staff;
	size_t visitor_lang, visitor_ks_lang;
	bool language_from_sort; /* the language scene returns to the piles */
	enum confirm_kind confirming;
	int64_t idle_deadline;	 /* IDLE: when the countdown ends */
	int64_t thanks_deadline; /* THANKS: when it returns to attract */
	int64_t last_input_ms;
	int64_t last_frame_ms;

	struct app_speech *speech; /* NULL until the first frame is on screen (app.c) */
	struct app_said said;

	struct focus focus;
	struct draw_list dl;
	struct layout layout;
	struct strbuf key, last_key, line;
	struct strbuf last_target; /* the last drop-target line, while dragging */
	int64_t t0;
	bool dirty;
	struct frame_log *frames; /* --frame-log; NULL without */
	bool prepared;		  /* prepare (app.c) ran */
	bool opened;		  /* the log and keyword set are open */
	struct diag open_err;	  /* why they are not */
	int64_t woke_us;	  /* when the input the next frame answers came; 0: none */
};

/* app.c */
/* Draws the current scene now and prints its trace line if it changed. */
void app_render(struct app *a);
/* One trace line on stdout, flushed so that a test reading it sees it at once. */
void app_trace_print(const struct strbuf *sb);

/* Hands ev (window pixels) to the scene on screen, as the loop does. */
void app_to_scene(struct app *a, const struct input_event *ev);
/* A tap at the centre of item (of the layout on screen), as Enter on it. */
void app_press(struct app *a, const struct layout_item *it, int64_t time_ms);

/* app_speech_say.c and app_say_*.c: what the kiosk says, and when */
/* Starts speech (after the platform, whose loop its worker wakes, and the scenes, whose staff
 * menu shows the volume); a kiosk without sound adds a line to err and runs silent. Until it
 * is called a->speech is NULL, and of the calls here only app_say_visit_start and
 * app_say_finish are made. */
void app_say_init(struct app *a, struct diag *err);
void app_say_finish(struct app *a);
/* The keypad's digits become arrows, and speech's own keys and the speaker buttons are
 * handled; true when ev was used up. Called after the staff corner's watch. */
bool app_say_input(struct app *a, struct input_event *ev);
/* The focus moved by a key: read the item. */
void app_say_focus(struct app *a);
/* Once per loop: plays what is ready, says what changed on screen since the last look. */
void app_say_update(struct app *a);
/* When the loop must wake for speech (the attract hold), or INT64_MAX. */
int64_t app_say_deadline(const struct app *a);
/* A new visitor: silent, the default volume, reading aloud as the config says. */
void app_say_visit_start(struct app *a);
/* "Read everything to me" toggled on the language screen. */
void app_say_read_aloud(struct app *a);
/* A language was chosen (the one before is before): says so if it has no speech. */
void app_say_language(struct app *a, size_t before);
/* Staff stepped the volume (+1 or -1). */
void app_say_staff_volume(struct app *a, int step);

/* app_flow.c */
/* Leads a scene's action to the next scene (storing what it finished). */
void app_act(struct app *a, struct scene_result r);
/* The timers: idle prompt, its countdown, staff walking away, the thanks
 * scene's return, the staff corner held long enough. */
void app_tick(struct app *a);
/* Back to ATTRACT in the first language, for the next visitor. */
void app_reset_for_next(struct app *a);
/* To the staff PIN; a visit in progress waits until staff close the menu. */
void app_enter_staff(struct app *a);
/* Stores a visit in progress as abandoned (traced once it is stored). */
void app_abandon_visit(struct app *a);
/* Says what the writer has stored since the last call: the session-saved
 * and session-abandoned trace lines, printed only once on disk. */
void app_report_stored(struct app *a);
/* True on the scenes where a visitor who walks away is asked "still there?". */
bool app_idle_watched(const struct app *a);
/* True on staff's scenes (PIN, menu, the question before ending). */
bool app_staff_shown(const struct app *a);

#endif
