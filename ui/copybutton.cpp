// SPDX-License-Identifier: Apache-2.0
#include "copybutton.h"

#include "actionicons.h"

#include <QApplication>
#include <QClipboard>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QToolButton>

namespace aem::ui {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(aem::ui::CopyButton)
};

const char kRowProperty[] = "aemCopyRow";
const char kValueProperty[] = "aemCopyValue";
const char kCopyTextProperty[] = "aemCopyText";

QString valueText(const QWidget* value)
{
    if (const auto* label = qobject_cast<const QLabel*>(value)) {
        // A label shown with setBreakableText copies the text as it was given (a cleared label
        // copies nothing).
        const QVariant raw = label->property(kCopyTextProperty);
        return label->text().isEmpty() || !raw.isValid() ? label->text() : raw.toString();
    }
    if (const auto* edit = qobject_cast<const QLineEdit*>(value))
        return edit->text().trimmed();
    return {};
}
} // namespace

QWidget* withCopyButton(QWidget* value, const QString& label, std::function<void(const QString&)> copied)
{
    auto* row = new QWidget(value->parentWidget());
    row->setProperty(kRowProperty, true);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(value, 1);
    auto* button = new QToolButton(row);
    button->setObjectName(value->objectName() + QStringLiteral("Copy"));
    button->setIcon(actionIcon(ActionIcon::Copy, row));
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::StrongFocus);
    button->setToolTip(Tr::tr("Copy %1").arg(label));
    button->setAccessibleName(Tr::tr("Copy %1").arg(label));
    button->setProperty(kValueProperty, QVariant::fromValue<QObject*>(value));
    layout->addWidget(button, 0, Qt::AlignTop);
    QPointer<QWidget> source(value);
    QObject::connect(button, &QToolButton::clicked, button, [source, label, copied] {
        if (!source)
            return;
        const QString text = valueText(source);
        if (text.isEmpty())
            return;
        QApplication::clipboard()->setText(text);
        copied(Tr::tr("Copied to the clipboard: %1").arg(label));
    });
    if (auto* edit = qobject_cast<QLineEdit*>(value)) {
        QObject::connect(edit, &QLineEdit::textChanged, button,
                         [button](const QString& text) { button->setEnabled(!text.trimmed().isEmpty()); });
        button->setEnabled(!edit->text().trimmed().isEmpty());
    }
    return row;
}

void setBreakableText(QLabel* label, const QString& text, QChar after)
{
    // A zero-width space after each `after` lets the line break there; the copy button and the
    // tooltip give the text as it is.
    QString shown = text;
    shown.replace(after, QString(after) + QChar(0x200B));
    label->setText(shown);
    label->setProperty(kCopyTextProperty, text);
}

QWidget* copyRowOf(QWidget* value)
{
    QWidget* parent = value->parentWidget();
    return parent && parent->property(kRowProperty).toBool() ? parent : value;
}

void refreshCopyButtons(QWidget* root)
{
    for (QToolButton* button : root->findChildren<QToolButton*>()) {
        auto* value = qobject_cast<QWidget*>(button->property(kValueProperty).value<QObject*>());
        if (value && qobject_cast<QLabel*>(value))
            button->setEnabled(!valueText(value).isEmpty());
    }
}

} // namespace aem::ui
