#include "models/StageStyle.h"

#include <array>

namespace griddeck {

namespace {

struct RoleName
{
    ColorRole role;
    const char *name;
};
constexpr std::array<RoleName, 5> kRoleNames{{
    {ColorRole::Neutral, "neutral"},
    {ColorRole::Accent, "accent"},
    {ColorRole::Success, "success"},
    {ColorRole::Danger, "danger"},
    {ColorRole::Muted, "muted"},
}};

QColor mix(const QColor &a, const QColor &b, int percentOfB)
{
    const auto blend = [percentOfB](int x, int y) { return (x * (100 - percentOfB) + y * percentOfB) / 100; };
    return QColor(blend(a.red(), b.red()), blend(a.green(), b.green()), blend(a.blue(), b.blue()));
}

} // namespace

StageStyle StageStyle::of(Stage stage)
{
    StageStyle s;
    s.stage = stage;
    switch (stage) {
    case Stage::Queued:
        s.mark = QStringLiteral("\u25CB");
        s.colorRole = ColorRole::Neutral;
        s.label = QStringLiteral("Queued");
        break;
    case Stage::Converting:
    case Stage::Deploying:
    case Stage::WaitingReady:
    case Stage::Verifying:
    case Stage::RollingBack:
        s.mark = QStringLiteral("\u25D4");
        s.colorRole = ColorRole::Accent;
        s.animated = true;
        s.label = stage == Stage::Converting     ? QStringLiteral("Converting")
                  : stage == Stage::Deploying    ? QStringLiteral("Deploying")
                  : stage == Stage::WaitingReady ? QStringLiteral("Waiting ready")
                  : stage == Stage::Verifying    ? QStringLiteral("Verifying")
                                                 : QStringLiteral("Rolling back");
        break;
    case Stage::Active:
        s.mark = QStringLiteral("\u25CF");
        s.colorRole = ColorRole::Success;
        s.label = QStringLiteral("Active");
        break;
    case Stage::Failed:
        s.mark = QStringLiteral("\u2715");
        s.colorRole = ColorRole::Danger;
        s.label = QStringLiteral("Failed");
        break;
    case Stage::Cancelled:
    case Stage::Stopped:
        s.mark = QStringLiteral("\u25A0");
        s.colorRole = ColorRole::Muted;
        s.label = stage == Stage::Cancelled ? QStringLiteral("Cancelled") : QStringLiteral("Stopped");
        break;
    }
    return s;
}

std::optional<StageStyle> StageStyle::of(const QString &stageName)
{
    const auto stage = stageFromName(stageName);
    if (!stage)
        return std::nullopt;
    return of(*stage);
}

QString StageStyle::colorRoleName(ColorRole role)
{
    for (const auto &entry : kRoleNames) {
        if (entry.role == role)
            return QString::fromLatin1(entry.name);
    }
    return QStringLiteral("neutral");
}

std::optional<ColorRole> StageStyle::colorRoleFromName(const QString &name)
{
    for (const auto &entry : kRoleNames) {
        if (name == QLatin1String(entry.name))
            return entry.role;
    }
    return std::nullopt;
}

bool StageStyle::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor StageStyle::color(ColorRole role, const QPalette &palette)
{
    const bool dark = isDark(palette);
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    switch (role) {
    case ColorRole::Neutral:
        return mix(text, base, 35); // grey, a step softer than the text
    case ColorRole::Accent:
        return palette.color(QPalette::Highlight);
    case ColorRole::Success:
        return dark ? QColor(0x66, 0xBB, 0x6A) : QColor(0x2E, 0x7D, 0x32);
    case ColorRole::Danger:
        return dark ? QColor(0xEF, 0x53, 0x50) : QColor(0xC6, 0x28, 0x28);
    case ColorRole::Muted:
        return mix(text, base, 55); // darker grey on light themes, dimmer on dark ones
    }
    return text;
}

int stageProgress(Stage stage)
{
    switch (stage) {
    case Stage::Queued:
        return 0;
    case Stage::Converting:
        return 25;
    case Stage::Deploying:
        return 50;
    case Stage::WaitingReady:
        return 65;
    case Stage::Verifying:
        return 85;
    case Stage::RollingBack:
        return 0;
    case Stage::Active:
    case Stage::Failed:
    case Stage::Cancelled:
    case Stage::Stopped:
        return 100;
    }
    return 0;
}

} // namespace griddeck
