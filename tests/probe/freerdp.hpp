// The one place wrd-probe includes FreeRDP and WinPR (client side): the library headers carry
// their own extern "C" guards, so nothing needs wrapping; keeping them here means a FreeRDP
// upgrade touches one file. Any thread.
#pragma once

#include <freerdp/channels/channels.h>
#include <freerdp/channels/drdynvc.h>
#include <freerdp/client/channels.h>
#include <freerdp/client/cliprdr.h>
#include <freerdp/client/cmdline.h>
#include <freerdp/client/disp.h>
#include <freerdp/client/rdpgfx.h>
#include <freerdp/codec/color.h>
#include <freerdp/freerdp.h>
#include <freerdp/gdi/gdi.h>
#include <freerdp/gdi/gfx.h>
#include <freerdp/graphics.h>
#include <freerdp/input.h>
#include <freerdp/scancode.h>
#include <freerdp/settings.h>
#include <winpr/clipboard.h>
#include <winpr/synch.h>
#include <winpr/wlog.h>
