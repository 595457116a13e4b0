#pragma once
// How models show values to people (UI.md, "Details that make it feel finished"): TFC with 2
// decimals (the tooltip has all 7), TFT with thousands separators, times as "2 min ago" with
// the exact time in the tooltip, durations as "1 m 12 s", ids and amounts in a monospace font.

#include "domain/Money.h"

#include <QFont>
#include <QString>

namespace griddeck::display {

// "1,234.50": 2 decimals (half-to-even), thousands separated by commas.
QString tfc(Tfc amount);
// "+25.00" / "−25.00" / "0.00": for ledger deltas.
QString signedTfc(Tfc amount);
// "25.0000000 TFC": every unit, for tooltips.
QString tfcFull(Tfc amount);
// "2,231.40": `decimals` places with thousands separators.
QString tft(Tft amount, int decimals = 2);
QString tftFull(Tft amount);
// Groups the integer part of a plain decimal string: "-1234567.5" → "-1,234,567.5".
QString groupThousands(const QString &decimal);
// "1,204": an integer count with thousands separators.
QString count(qint64 value);

// "just now", "42 s ago", "2 min ago", "3 h ago", "5 d ago", then the date; future times
// read "in 30 s", "in 2 min"; within a second either way "now".
QString relativeTime(qint64 atMs, qint64 nowMs);
// "2026-01-01 12:00:00" in local time (the tooltip behind a relative time).
QString exactTime(qint64 atMs);
// "12 s", "1 m 12 s", "3 h 5 m", "2 d 4 h"; negative durations count as zero.
QString duration(qint64 ms);

// The system's fixed-pitch font (needs a QGuiApplication).
QFont monospaceFont();

} // namespace griddeck::display
