#include "ui/dialogs/EstimatePanel.h"

#include "ui/dialogs/DeploymentEstimate.h"

#include "models/DisplayFormat.h"
#include "pricing/Format.h"

#include <QFormLayout>
#include <QFrame>
#include <QLabel>

namespace griddeck::ui {

namespace {

QString usdText(Usd amount)
{
    return display::groupThousands(amount.toDisplayString(2));
}

} // namespace

EstimatePanel::EstimatePanel(QWidget *parent)
    : QGroupBox(tr("Estimate"), parent)
{
    QGroupBox *group = this;
    auto *form = new QFormLayout(group);
    form->setLabelAlignment(Qt::AlignLeft);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const auto addValue = [&](const QString &name, const QString &label) {
        auto *value = new QLabel(group);
        value->setFont(display::monospaceFont());
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *caption = new QLabel(label, group);
        value->setAccessibleName(label);
        form->addRow(caption, value);
        m_labels.insert(name, value);
        m_labels.insert(name + QStringLiteral("_label"), caption);
    };
    const auto addRule = [&] {
        auto *line = new QFrame(group);
        line->setFrameShape(QFrame::HLine);
        line->setFrameShadow(QFrame::Sunken);
        form->addRow(line);
    };
    addValue(QStringLiteral("grid_cost"), tr("Grid cost / month"));
    addValue(QStringLiteral("units"), tr("Cloud units"));
    addValue(QStringLiteral("tft_month"), tr("TFT / month"));
    addValue(QStringLiteral("suggested"), tr("One month, with commission"));
    addRule();
    addValue(QStringLiteral("tfc"), tr("TFC to pay"));
    addValue(QStringLiteral("commission"), tr("Commission"));
    addValue(QStringLiteral("grid"), tr("Grid payment"));
    addValue(QStringLiteral("tft"), tr("TFT to buy"));
    addValue(QStringLiteral("months"), tr("Covers"));
    addRule();
    auto *price = new QLabel(group);
    price->setWordWrap(true);
    price->setForegroundRole(QPalette::PlaceholderText); // follows theme changes
    form->addRow(price);
    m_labels.insert(QStringLiteral("price"), price);
    auto *how = new QLabel(tr("The TFC is held when you submit and charged only once the service is active. "
                              "If the deployment fails, the hold is released in full."),
                           group);
    how->setWordWrap(true);
    how->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(how);
    form->addItem(new QSpacerItem(0, 0, QSizePolicy::Minimum, QSizePolicy::Expanding));
    group->setMinimumWidth(400);
}

QString EstimatePanel::text(const QString &name) const
{
    QLabel *l = m_labels.value(name);
    return l ? l->text() : QString();
}

void EstimatePanel::setValue(const QString &name, const QString &text, const QString &toolTip)
{
    if (QLabel *l = m_labels.value(name)) {
        l->setText(text);
        l->setToolTip(toolTip);
    }
}

void EstimatePanel::showEstimate(const EstimateInputs &in, const DeploymentEstimate &e, const QString &priceLine)
{
    const QString dash = QStringLiteral("\u2014");

    if (e.cost) {
        setValue(QStringLiteral("grid_cost"), tr("%1 USD").arg(usdText(e.cost->usdMonth)),
                         tr("%1 USD per month on a standard node (×1.25 on certified nodes)").arg(e.cost->usdMonth.toString()));
        setValue(QStringLiteral("units"),
                         tr("CU %1 · SU %2 · IP %3")
                             .arg(pricing_format::trimmed(e.cost->cu.toString()), pricing_format::trimmed(e.cost->su.toString()))
                             .arg(e.cost->ipu),
                         tr("Compute, storage and IP units per hour, as TFChain's pricing policy counts them"));
        setValue(QStringLiteral("tft_month"), e.cost->tftMonth ? tr("%1 TFT").arg(display::tft(*e.cost->tftMonth)) : dash,
                         e.cost->tftMonth ? display::tftFull(*e.cost->tftMonth) : tr("No TFT price yet"));
    } else {
        setValue(QStringLiteral("grid_cost"), dash, e.costError);
        setValue(QStringLiteral("units"), dash);
        setValue(QStringLiteral("tft_month"), dash);
    }
    setValue(QStringLiteral("suggested"), e.suggested ? tr("%1 TFC").arg(display::tfc(*e.suggested)) : dash,
                     e.suggested ? display::tfcFull(*e.suggested) : QString());

    const QString percent = pricing_format::percent(in.commissionPercent);
    if (QLabel *l = m_labels.value(QStringLiteral("commission_label")))
        l->setText(tr("Commission (%1 %)").arg(percent));
    setValue(QStringLiteral("tfc"), e.amount ? tr("%1 TFC").arg(display::tfc(*e.amount)) : dash,
                     e.amount ? display::tfcFull(*e.amount) : QString());
    setValue(QStringLiteral("commission"), e.commission ? tr("%1 TFC").arg(display::tfc(*e.commission)) : dash,
                     e.commission ? display::tfcFull(*e.commission) : QString());
    setValue(QStringLiteral("grid"),
                     e.gridPayment ? (e.gridUsd ? tr("%1 TFC = %2 USD").arg(display::tfc(*e.gridPayment), usdText(*e.gridUsd))
                                                : tr("%1 TFC").arg(display::tfc(*e.gridPayment)))
                                   : dash,
                     e.gridPayment ? display::tfcFull(*e.gridPayment) : QString());
    if (QLabel *l = m_labels.value(QStringLiteral("tft_label")))
        l->setText(in.tftPrice ? tr("TFT at %1 USD").arg(pricing_format::rate(*in.tftPrice)) : tr("TFT to buy"));
    setValue(QStringLiteral("tft"), e.tft ? tr("%1 TFT").arg(display::tft(*e.tft)) : dash,
                     e.tft ? tr("%1, with the %2 % conversion buffer")
                                 .arg(display::tftFull(*e.tft), pricing_format::percent(in.bufferPercent))
                           : tr("Waiting for a TFT price"));
    setValue(QStringLiteral("months"), e.monthsCovered.isEmpty() ? dash : tr("≈ %1 months").arg(e.monthsCovered));

    setValue(QStringLiteral("price"), priceLine);
}

} // namespace griddeck::ui
