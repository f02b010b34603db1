/*
 * i18n.h — declc's messages in the user's language (GLib's gettext wrappers).
 *
 * Every file that prints words a person reads includes this header and wraps
 * them: _("...") where the string is used, N_("...") in tables that are
 * translated where they are printed. The text domain is "declc"; its
 * catalogues are po/LANG.po, compiled by CMake and bound by
 * declc_init_locale (locate.c). po/README.md says how strings are extracted.
 */
#ifndef I18N_H
#define I18N_H

#ifndef GETTEXT_PACKAGE
#define GETTEXT_PACKAGE "declc"
#endif
#include <glib/gi18n-lib.h>

#endif
