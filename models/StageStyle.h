#pragma once
// One language of states (UI.md): every stage has a mark and a colour role, shared by table
// badges, the timeline, charts, tray messages and the CLI. Models expose the role by name
// (ColorRoleRole); the badge delegate turns it into a colour with color().

#include "domain/Stage.h"

#include <QColor>
#include <QPalette>
#include <QString>

#include <optional>

namespace griddeck {

// Colour roles, not colours: the actual colour depends on the palette (light or dark theme).
enum class ColorRole { Neutral, Accent, Success, Danger, Muted };

struct StageStyle
{
    Stage stage = Stage::Queued;
    QString mark;       // ○ ◔ ● ✕ ■
    ColorRole colorRole = ColorRole::Neutral;
    bool animated = false; // accent stages animate while a step runs
    QString label;      // "Waiting ready"

    static StageStyle of(Stage stage);
    // By persisted name ("waiting_ready"); nullopt for an unknown name.
    static std::optional<StageStyle> of(const QString &stageName);

    // "◔ Deploying": the text a badge or a plain cell shows.
    QString badgeText() const { return mark + u' ' + label; }

    static QString colorRoleName(ColorRole role);                    // "neutral", "accent", …
    static std::optional<ColorRole> colorRoleFromName(const QString &name);
    // A colour readable on the palette's base: derived from the palette for neutral, accent and
    // muted; fixed hues for success and danger, lighter on dark themes.
    static QColor color(ColorRole role, const QPalette &palette);
    static bool isDark(const QPalette &palette);
};

// How far along the pipeline a stage is, 0..100 (ProgressRole): queued 0, converting 25,
// deploying 50, waiting_ready 65, verifying 85, terminal stages 100, rolling_back 0.
int stageProgress(Stage stage);

} // namespace griddeck
