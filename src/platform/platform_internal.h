/* Shared between the platform's own files; never included from outside. */
#ifndef VS_PLATFORM_INTERNAL_H
#define VS_PLATFORM_INTERNAL_H

#include "fonts.h"
#include "platform/platform.h"

#include <stdint.h>

/* soft.c: our own loops into a 32-bit surface (the window's framebuffer). */
struct soft_target {
	SDL_Surface *s;
	struct rect clip; /* nothing is drawn outside it */
};

/* True for a surface soft.c can draw into (XRGB8888 or ARGB8888). */
bool soft_supports(const SDL_Surface *s);
void soft_fill(const struct soft_target *t, struct rect r, SDL_Color c);
/* from of src (ARGB8888, straight alpha) at (dx, dy), its alpha scaled by
 * alpha/255. */
void soft_blend(const struct soft_target *t, const SDL_Surface *src, SDL_Rect from, int dx, int dy,
		Uint8 alpha);
/* Colour c through a coverage plane (one byte a pixel, pitch bytes a
 * row): from of it at (dx, dy). */
void soft_mask(const struct soft_target *t, const Uint8 *a8, int pitch, SDL_Rect from, int dx,
	       int dy, SDL_Color c);

/* Where commands go: an SDL renderer (OpenGL, or SDL's software renderer
 * for report images), or, when r is NULL, soft.c's loops. */
struct painter {
	SDL_Renderer *r;
	struct soft_target soft;
};

/* Draws only inside clip (NULL: anywhere). */
void painter_clip(struct painter *p, const struct rect *clip);
/* False when nothing of (x, y, w, h) lies inside the clip. */
bool painter_visible(const struct painter *p, int x, int y, int w, int h);

/* A picture as the painter draws it: a texture for a renderer; for soft.c
 * the surface itself (ARGB8888), or for a one-colour picture (text, the
 * corner masks) only its coverage, a quarter of the memory. */
struct picture {
	SDL_Texture *tex;
	SDL_Surface *surf;
	Uint8 *a8;  /* coverage, w bytes a row */
	Uint32 rgb; /* the colour a8 is drawn in when made a texture */
	int w, h;
};
/* Takes s (ARGB8888 or any format SDL converts). one_colour: s is white
 * (or all in rgb) with its shape in the alpha channel. */
bool picture_make(struct picture *pic, struct painter *p, SDL_Surface *s, bool one_colour,
		  Uint32 rgb);
/* The texture for a renderer, made now for a picture made without one. */
SDL_Texture *picture_texture(struct picture *pic, SDL_Renderer *r);
void picture_free(struct picture *pic);

/* image.c: SDL2_image, opened the first time a picture is read or written. */
typedef SDL_Surface *(*image_load_rw_fn)(SDL_RWops *src, int freesrc);
typedef int (*image_save_png_fn)(SDL_Surface *surface, const char *file);
struct image_lib {
	void *so;		    /* NULL: not opened (yet, or it cannot be: why says why) */
	image_load_rw_fn load_rw;   /* IMG_Load_RW */
	image_save_png_fn save_png; /* IMG_SavePNG */
	bool tried;
	char why[256];
};

/* Opens SDL2_image (by name: tests) once; false, with why, when it cannot. */
bool image_lib_open(struct image_lib *il);
bool image_lib_open_named(struct image_lib *il, const char *name);
void image_lib_close(struct image_lib *il);
/* image_lib_open, saying once in SDL's log why pictures will not be shown. */
bool image_lib_ready(struct image_lib *il);
/* An image file's bytes (caller frees), or NULL with a warning in SDL's log
 * when it cannot be read: only a regular file of at most FS_READ_MAX bytes. */
char *image_read(const char *path, size_t *len);
/* Those bytes decoded into ARGB8888, or NULL when they cannot be (data NULL
 * included) or SDL2_image cannot be opened (said once). */
SDL_Surface *image_decode(struct image_lib *il, const char *data, size_t len);
/* image_read, then image_decode. */
SDL_Surface *image_load(struct image_lib *il, const char *path);
/* s written as a PNG file at path; false with one diag line. */
bool image_save_png(struct image_lib *il, SDL_Surface *s, const char *path, struct diag *err);

/* render.c: drawing commands, with what a painter keeps between frames. */
struct render_cache;
struct shape_cache;

struct render_cache *render_cache_create(void);
void render_cache_destroy(struct render_cache *rc); /* NULL-safe */
/* The text in colour c (its alpha applied when drawn), rasterised once and
 * kept while it is used. NULL if the text cannot be rendered. */
struct picture *render_text(struct render_cache *rc, struct painter *p, struct font_cache *fc,
			    enum font_face face, int size, const char *text, bool rtl, SDL_Color c);
/* The rounded-corner masks the cache keeps (shapes.c). */
struct shape_cache *rc_shapes(struct render_cache *rc);
/* Opens SDL2_image now, not with the first picture (platform_preload). */
void render_preload(struct render_cache *rc);
/* Called once per presented frame: frees textures unused for a while. */
void render_cache_end_frame(struct render_cache *rc);
/* One command, and every command of a list in order. */
void render_cmd(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		const struct draw_list *dl, const struct draw_cmd *cmd);
void render_list(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		 const struct draw_list *dl);
/* Makes ahead what drawing cmd needs: its text rasterised, its picture
 * scaled (platform_prep_list). */
void render_prep(struct painter *p, struct font_cache *fc, struct render_cache *rc,
		 const struct draw_list *dl, const struct draw_cmd *cmd);
/* The pixels a command can touch (a text's as rasterised). */
struct rect render_bounds(struct painter *p, struct font_cache *fc, struct render_cache *rc,
			  const struct draw_list *dl, const struct draw_cmd *cmd);

/* shapes.c: rounded rectangles from cached corner masks. */
struct shape_cache;

struct shape_cache *shape_cache_create(void);
void shape_cache_destroy(struct shape_cache *sc); /* NULL-safe */
void shape_fill(struct painter *p, struct shape_cache *sc, struct rect rc, SDL_Color col,
		int radius);
/* A border thickness px wide inside rc. */
void shape_outline(struct painter *p, struct shape_cache *sc, struct rect rc, SDL_Color col,
		   int thickness, int radius);

/* frame.c: a frame drawn from what changed since the last one. */
struct frame_state;

struct frame_target {
	struct painter *p;
	SDL_Window *window; /* where damaged rectangles are sent (retained) */
	struct font_cache *fc;
	struct render_cache *rc;
	int w, h;
	/* The renderer draws into a picture that stays between frames (the
	 * window's framebuffer), so a frame may redraw and send only what
	 * changed; else each frame that changes anything is drawn whole. */
	bool retained;
};

struct frame_state *frame_state_create(void);
void frame_state_destroy(struct frame_state *fs); /* NULL-safe */
/* The screen no longer shows the last frame (exposed, cleared): the next
 * frame is drawn whole. */
void frame_state_invalidate(struct frame_state *fs);
/* Draws dl where it differs from the last frame and shows it. */
void frame_draw(struct frame_state *fs, const struct frame_target *t, const struct draw_list *dl,
		struct platform_frame *st);

/* The window and what belongs to it, shared by its three files: platform.c opens it,
 * platform_draw.c draws in it, platform_input.c reads its events. */
#define MAX_FINGERS 10

struct platform {
	SDL_Window *window;
	SDL_Renderer *renderer; /* NULL when drawing with our own loops */
	struct painter painter;
	struct font_cache *fonts;
	struct render_cache *cache;
	struct frame_state *frames;
	struct platform_frame last;
	bool retained;	   /* see frame_target */
	char note[160];	   /* why the renderer is not the one asked for */
	Uint32 wake_event; /* platform_wake's; 0 when SDL had none left */
	bool ttf_ready;
	/* A frame was drawn whole (a new scene, mostly): what its layout and
	 * the scene before freed is given back once the loop waits idle. */
	bool trim_pending;
	/* SDL finger ids are opaque 64-bit values; pointers 1..MAX_FINGERS
	 * name them for the scenes. */
	SDL_FingerID fingers[MAX_FINGERS];
	bool finger_used[MAX_FINGERS];
	/* The drawable size, for the touch hook's thread to normalise with. */
	SDL_atomic_t width, height;
};

/* platform_draw.c: the renderer asked for (or SDL's first choice, p->note saying why);
 * false when the window can be drawn in by none. */
bool platform_open_renderer(struct platform *p, const char *want);

/* platform_input.c: the --touch-from-stdin hook's thread (data is the platform). */
int platform_touch_reader(void *data);

#endif
