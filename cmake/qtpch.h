// Precompiled for the Qt targets: the heavy, stable headers most translation units use.
#pragma once
#include <QtCore/QtCore>
#include <QtGui/QtGui>
#include <QtWidgets/QtWidgets>
