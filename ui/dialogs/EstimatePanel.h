#pragma once
// The New deployment dialog's live estimate, beside the form: grid cost per month (cloud
// units, TFT per month), the one-month purchase with commission, and how the entered purchase
// splits (commission, grid payment in TFC and USD, TFT bought at the current rate). Values
// in a monospace font, right-aligned; every amount's tooltip has all 7 decimals.

#include <QGroupBox>
#include <QHash>

class QLabel;

namespace griddeck::ui {

struct EstimateInputs;
struct DeploymentEstimate;

class EstimatePanel : public QGroupBox
{
    Q_OBJECT
public:
    explicit EstimatePanel(QWidget *parent = nullptr);

    // `priceLine` says where the TFT price comes from (or why there is none).
    void showEstimate(const EstimateInputs &inputs, const DeploymentEstimate &estimate, const QString &priceLine);
    // A value by name: "grid_cost", "units", "tft_month", "suggested", "tfc", "commission",
    // "grid", "tft", "months", "price".
    QString text(const QString &name) const;

private:
    void setValue(const QString &name, const QString &text, const QString &toolTip = QString());

    QHash<QString, QLabel *> m_labels; // values by name, captions as "<name>_label"
};

} // namespace griddeck::ui
