#pragma once

class QStandardItemModel;
class QTableView;
class QWidget;

namespace quiver::ui {

// A compact, read-only, row-selecting table over `model`, as the response and traffic views
// show headers and cookies: no vertical header, last column stretched, left-aligned titles.
QTableView* readOnlyTable(QStandardItemModel* model, QWidget* parent, const char* objectName);

} // namespace quiver::ui
