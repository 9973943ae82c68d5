<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChartScale</name>
    <message numerus="yes">
        <source>%n value(s) off the chart, marked at its edge</source>
        <translation>
            <numerusform>%n Wert außerhalb des Diagramms, am Rand markiert</numerusform>
            <numerusform>%n Werte außerhalb des Diagramms, am Rand markiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n NaN value(s) not drawn</source>
        <translation>
            <numerusform>%n NaN-Wert nicht gezeichnet</numerusform>
            <numerusform>%n NaN-Werte nicht gezeichnet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) at or below zero not drawn on the log scale</source>
        <translation>
            <numerusform>%n Wert kleiner oder gleich null auf der Log-Skala nicht gezeichnet</numerusform>
            <numerusform>%n Werte kleiner oder gleich null auf der Log-Skala nicht gezeichnet</numerusform>
        </translation>
    </message>
    <message>
        <source>No values to draw</source>
        <translation>Keine Werte zum Zeichnen</translation>
    </message>
    <message>
        <source>No value above zero to draw on a log scale</source>
        <translation>Kein Wert über null, der sich auf einer Log-Skala zeichnen ließe</translation>
    </message>
    <message>
        <source>Every value is infinite or NaN: nothing can be placed on a scale</source>
        <translation>Jeder Wert ist unendlich oder NaN: nichts lässt sich auf einer Skala platzieren</translation>
    </message>
    <message>
        <source>Every value is NaN</source>
        <translation>Jeder Wert ist NaN</translation>
    </message>
    <message>
        <source>the values span more than a chart can hold, so the outliers are clipped</source>
        <translation>die Werte reichen weiter, als ein Diagramm fassen kann, daher werden die Ausreißer abgeschnitten</translation>
    </message>
</context>
<context>
    <name>DurationText</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min %3 s</source>
        <translation>%1 h %2 min %3 s</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n Eintrag</numerusform>
            <numerusform>%n Einträge</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::BandChart</name>
    <message>
        <source>reference band (mean ± 3σ)</source>
        <translation>Referenzband (Mittel ± 3σ)</translation>
    </message>
    <message>
        <source>alert</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>reconstruction error</source>
        <translation>Rekonstruktionsfehler</translation>
    </message>
</context>
<context>
    <name>keel::CostSummaryModel</name>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Device hours</source>
        <translation>Gerätestunden</translation>
    </message>
    <message>
        <source>GPU hours</source>
        <translation>GPU-Stunden</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Hosted APIs</source>
        <translation>Gehostete APIs</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Runs with a cost</source>
        <translation>Läufe mit Kosten</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
</context>
<context>
    <name>keel::DeviceTelemetryModel</name>
    <message>
        <source>no telemetry: NVML lists no GPU</source>
        <translation>keine Telemetrie: NVML meldet keine GPU</translation>
    </message>
    <message>
        <source>pid %1</source>
        <translation>PID %1</translation>
    </message>
    <message>
        <source>nvml:%1 %2 has been idle for %3 while held (%4): %5 an hour</source>
        <translation>nvml:%1 %2 ist seit %3 belegt, aber untätig (%4): %5 pro Stunde</translation>
    </message>
    <message>
        <source>a Keel job</source>
        <translation>ein Keel-Job</translation>
    </message>
    <message>
        <source>MIG instance %1 of nvml:%2 (Kubernetes resource nvidia.com/mig-%1)</source>
        <translation>MIG-Instanz %1 von nvml:%2 (Kubernetes-Ressource nvidia.com/mig-%1)</translation>
    </message>
    <message>
        <source>pid %1: %2 GiB</source>
        <translation>PID %1: %2 GiB</translation>
    </message>
    <message>
        <source>nvml:%1  MIG %2 of nvml:%3</source>
        <translation>nvml:%1  MIG %2 von nvml:%3</translation>
    </message>
    <message>
        <source>%1 / %2 GiB</source>
        <translation>%1 / %2 GiB</translation>
    </message>
    <message>
        <source>%1 / %2 MHz</source>
        <translation>%1 / %2 MHz</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message numerus="yes">
        <source>%n process(es)</source>
        <translation>
            <numerusform>%n Prozess</numerusform>
            <numerusform>%n Prozesse</numerusform>
        </translation>
    </message>
    <message>
        <source>%1/h</source>
        <translation>%1/h</translation>
    </message>
    <message>
        <source>idle for %1</source>
        <translation>untätig seit %1</translation>
    </message>
    <message>
        <source>%1 idle in all</source>
        <translation>%1 untätig insgesamt</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Power</source>
        <translation>Leistung</translation>
    </message>
    <message>
        <source>Temp.</source>
        <translation>Temp.</translation>
    </message>
    <message>
        <source>SM / memory clock</source>
        <translation>SM- / Speichertakt</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>Idle while held</source>
        <translation>Belegt und untätig</translation>
    </message>
    <message>
        <source>Keel runs no jobs here: not a CUDA device of this process</source>
        <translation>Keel führt hier keine Jobs aus: kein CUDA-Gerät dieses Prozesses</translation>
    </message>
    <message>
        <source>One Keel worker runs jobs here, charged the whole GPU. KEEL_GPU_TIME_SLICES=N time-slices it among N workers.</source>
        <translation>Ein Keel-Worker führt hier Jobs aus und wird mit der ganzen GPU berechnet. KEEL_GPU_TIME_SLICES=N teilt sie per Time-Slicing auf N Worker auf.</translation>
    </message>
    <message>
        <source>%1 Keel workers take turns on this GPU (KEEL_GPU_TIME_SLICES); each job is charged 1/%1 of it: %2 an hour.</source>
        <translation>%1 Keel-Worker wechseln sich auf dieser GPU ab (KEEL_GPU_TIME_SLICES); jeder Job wird mit 1/%1 davon berechnet: %2 pro Stunde.</translation>
    </message>
    <message>
        <source>1, the whole GPU</source>
        <translation>1, die ganze GPU</translation>
    </message>
    <message>
        <source>%1, time-sliced: 1/%1 each</source>
        <translation>%1, Time-Slicing: je 1/%1</translation>
    </message>
    <message>
        <source>Keel workers</source>
        <translation>Keel-Worker</translation>
    </message>
</context>
<context>
    <name>keel::DevicesDock</name>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation>Letzte 10 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Prices…</source>
        <translation>Preise…</translation>
    </message>
    <message>
        <source>%1. Jobs run on the CPU at %2 a core-hour%3.</source>
        <translation>%1. Jobs laufen auf der CPU zu %2 pro Kernstunde%3.</translation>
    </message>
    <message>
        <source> (spot)</source>
        <translation> (Spot)</translation>
    </message>
    <message numerus="yes">
        <source>%n GPU device(s), sampled every second. Idle while held: %1 h, %2 at the current prices%3.</source>
        <translation>
            <numerusform>%n GPU-Gerät, jede Sekunde abgefragt. Belegt und untätig: %1 h, %2 zu den aktuellen Preisen%3.</numerusform>
            <numerusform>%n GPU-Geräte, jede Sekunde abgefragt. Belegt und untätig: %1 h, %2 zu den aktuellen Preisen%3.</numerusform>
        </translation>
    </message>
    <message>
        <source>No GPU telemetry to chart</source>
        <translation>Keine GPU-Telemetrie für ein Diagramm</translation>
    </message>
    <message>
        <source>busy %</source>
        <translation>Auslastung %</translation>
    </message>
    <message>
        <source>memory used %</source>
        <translation>Speicher belegt %</translation>
    </message>
    <message>
        <source>Telemetry</source>
        <translation>Telemetrie</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Letzte 90 Tage</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Open a workspace to see what its jobs, runs and evals cost.</source>
        <translation>Öffnen Sie einen Arbeitsbereich, um zu sehen, was seine Aufträge, Läufe und Evals gekostet haben.</translation>
    </message>
    <message numerus="yes">
        <source>Nothing that costs anything has run in the last %n day(s).</source>
        <translation>
            <numerusform>Am letzten Tag ist nichts gelaufen, das etwas kostet.</numerusform>
            <numerusform>In den letzten %n Tagen ist nichts gelaufen, das etwas kostet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The costs could not be read: %1</source>
        <translation>Die Kosten konnten nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>The last %n day(s): %1 in all, of which %2 device time (%3 GPU hours; jobs: %4) and %5 hosted APIs. Per experiment: what its runs logged as cost_usd, over all time.</source>
        <translation>
            <numerusform>Der letzte Tag: %1 insgesamt, davon %2 Gerätezeit (%3 GPU-Stunden; Aufträge: %4) und %5 gehostete APIs. Je Experiment: was seine Läufe als cost_usd protokolliert haben, über die gesamte Zeit.</numerusform>
            <numerusform>Die letzten %n Tage: %1 insgesamt, davon %2 Gerätezeit (%3 GPU-Stunden; Aufträge: %4) und %5 gehostete APIs. Je Experiment: was seine Läufe als cost_usd protokolliert haben, über die gesamte Zeit.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::DistributionChart</name>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>share of rows</source>
        <translation>Anteil der Zeilen</translation>
    </message>
    <message>
        <source>%1
reference %2%  ·  current %3%</source>
        <translation>%1
Referenz %2%  ·  aktuell %3%</translation>
    </message>
    <message>
        <source>[%1, %2)
reference %3%  ·  current %4%</source>
        <translation>[%1, %2)
Referenz %3%  ·  aktuell %4%</translation>
    </message>
</context>
<context>
    <name>keel::DriftColumnsModel</name>
    <message>
        <source>A p-value: drift when it falls below the threshold.</source>
        <translation>Ein p-Wert: Drift, wenn er unter die Schwelle fällt.</translation>
    </message>
    <message>
        <source>A distance: drift when it reaches the threshold.</source>
        <translation>Ein Abstand: Drift, wenn er die Schwelle erreicht.</translation>
    </message>
    <message>
        <source>Choose windows (a time column or row chunks) to see the score over time.</source>
        <translation>Wählen Sie Fenster (eine Zeitspalte oder Zeilenblöcke), um den Wert im Zeitverlauf zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>The score in each of %n windows.</source>
        <translation>
            <numerusform>Der Wert in %n Fenster.</numerusform>
            <numerusform>Der Wert in jedem der %n Fenster.</numerusform>
        </translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>No drift</source>
        <translation>Keine Drift</translation>
    </message>
    <message>
        <source>Missing cells in the reference / current data (left out before testing).</source>
        <translation>Fehlende Zellen in Referenz / aktuellen Daten (vor dem Test ausgelassen).</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>Zeitverlauf</translation>
    </message>
</context>
<context>
    <name>keel::DriftHeatmap</name>
    <message>
        <source>No windows: choose a time column or row chunks, then run, to see each column&apos;s drift over time.</source>
        <translation>Keine Fenster: Wählen Sie eine Zeitspalte oder Zeilenblöcke und starten Sie, um die Drift jeder Spalte im Zeitverlauf zu sehen.</translation>
    </message>
    <message>
        <source>green: well short of the threshold · yellow: near it · red: past it (darker: further) · grey: not tested</source>
        <translation>grün: deutlich unter der Schwelle · gelb: nahe daran · rot: darüber (dunkler: weiter) · grau: nicht getestet</translation>
    </message>
</context>
<context>
    <name>keel::DriftRunner</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
</context>
<context>
    <name>keel::DriftView</name>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>%1% · %2</source>
        <translation>%1% · %2</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>recent production data with the same columns</source>
        <translation>aktuelle Produktionsdaten mit denselben Spalten</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Whole current data</source>
        <translation>Alle aktuellen Daten</translation>
    </message>
    <message>
        <source>By time column</source>
        <translation>Nach Zeitspalte</translation>
    </message>
    <message>
        <source>By row chunks</source>
        <translation>Nach Zeilenblöcken</translation>
    </message>
    <message>
        <source>A column of ISO-8601 dates or times in the current data</source>
        <translation>Eine Spalte mit ISO-8601-Daten oder -Zeiten in den aktuellen Daten</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>pro Stunde</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>pro Tag</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>pro Woche</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>pro Monat</translation>
    </message>
    <message>
        <source> chunks</source>
        <translation> Blöcke</translation>
    </message>
    <message>
        <source>Concept drift</source>
        <translation>Konzeptdrift</translation>
    </message>
    <message>
        <source>The column with the true values</source>
        <translation>Die Spalte mit den wahren Werten</translation>
    </message>
    <message>
        <source>The model&apos;s predictions, or its probability of the positive class</source>
        <translation>Die Vorhersagen des Modells oder seine Wahrscheinlichkeit der positiven Klasse</translation>
    </message>
    <message>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>columns to leave out: id, …</source>
        <translation>auszulassende Spalten: id, …</translation>
    </message>
    <message>
        <source>Model version</source>
        <translation>Modellversion</translation>
    </message>
    <message>
        <source>Link the report to a model version in the registry</source>
        <translation>Den Bericht mit einer Modellversion in der Registry verknüpfen</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON exportieren…</translation>
    </message>
    <message>
        <source>Export HTML…</source>
        <translation>HTML exportieren…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Data drift, concept drift and skew&lt;/h3&gt;&lt;p&gt;Choose the reference data (what the model learnt from) and the current data (what it sees now), then &lt;b&gt;Run&lt;/b&gt;. Each column is tested as Evidently does by default: Kolmogorov–Smirnov, chi-square or a z test for up to 1,000 reference rows; Wasserstein distance or Jensen–Shannon distance above. The dataset drifts when half of the columns do.&lt;/p&gt;&lt;p&gt;Split the current data by a time column or into row chunks to see drift over time; give the target and prediction columns to watch model quality against a band learnt from the reference.&lt;/p&gt;&lt;p&gt;Every run is kept in the workspace. From the command line: &lt;code&gt;keel drift REF CUR&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Datendrift, Konzeptdrift und Skew&lt;/h3&gt;&lt;p&gt;Wählen Sie die Referenzdaten (woraus das Modell gelernt hat) und die aktuellen Daten (was es jetzt sieht), dann &lt;b&gt;Starten&lt;/b&gt;. Jede Spalte wird wie in Evidentlys Voreinstellung getestet: Kolmogorow–Smirnow, Chi-Quadrat oder z-Test bis 1.000 Referenzzeilen; darüber Wasserstein-Abstand oder Jensen–Shannon-Abstand. Der Datensatz driftet, wenn die Hälfte der Spalten driftet.&lt;/p&gt;&lt;p&gt;Teilen Sie die aktuellen Daten nach einer Zeitspalte oder in Zeilenblöcke, um die Drift im Zeitverlauf zu sehen; geben Sie Ziel- und Vorhersagespalte an, um die Modellqualität gegen ein aus der Referenz gelerntes Band zu beobachten.&lt;/p&gt;&lt;p&gt;Jeder Lauf wird im Arbeitsbereich aufbewahrt. Auf der Kommandozeile: &lt;code&gt;keel drift REF CUR&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>Verteilung</translation>
    </message>
    <message>
        <source>Over time</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <source>Model quality</source>
        <translation>Modellqualität</translation>
    </message>
    <message>
        <source>Reference data</source>
        <translation>Referenzdaten</translation>
    </message>
    <message>
        <source>Current data</source>
        <translation>Aktuelle Daten</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.txt *.jsonl *.ndjson);;All files (*)</source>
        <translation>Tabellen (*.csv *.tsv *.txt *.jsonl *.ndjson);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>(no date column)</source>
        <translation>(keine Datumsspalte)</translation>
    </message>
    <message>
        <source>no model version</source>
        <translation>keine Modellversion</translation>
    </message>
    <message>
        <source>Choose both a reference and a current file.</source>
        <translation>Wählen Sie eine Referenz- und eine aktuelle Datei.</translation>
    </message>
    <message>
        <source>The current data has no column of dates or times to window by; use row chunks instead.</source>
        <translation>Die aktuellen Daten haben keine Datums- oder Zeitspalte für Fenster; verwenden Sie stattdessen Zeilenblöcke.</translation>
    </message>
    <message>
        <source>Concept drift needs both the target and the prediction column.</source>
        <translation>Konzeptdrift braucht die Ziel- und die Vorhersagespalte.</translation>
    </message>
    <message>
        <source>The target and the prediction must be different columns.</source>
        <translation>Ziel und Vorhersage müssen verschiedene Spalten sein.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Dataset drift&lt;/b&gt;: %1 of %2 columns drifted (%3, the limit is %4).</source>
        <translation>&lt;b&gt;Datensatzdrift&lt;/b&gt;: %1 von %2 Spalten driften (%3, die Grenze ist %4).</translation>
    </message>
    <message>
        <source>&lt;b&gt;No dataset drift&lt;/b&gt;: %1 of %2 columns drifted (%3, the limit is %4).</source>
        <translation>&lt;b&gt;Keine Datensatzdrift&lt;/b&gt;: %1 von %2 Spalten driften (%3, die Grenze ist %4).</translation>
    </message>
    <message>
        <source>%1 reference rows, %2 current rows.</source>
        <translation>%1 Referenzzeilen, %2 aktuelle Zeilen.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n windows show dataset drift.</source>
        <translation>
            <numerusform>%1 von %n Fenster zeigt Datensatzdrift.</numerusform>
            <numerusform>%1 von %n Fenstern zeigen Datensatzdrift.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows have no time and are in no window.</source>
        <translation>
            <numerusform>%n Zeile hat keine Zeit und liegt in keinem Fenster.</numerusform>
            <numerusform>%n Zeilen haben keine Zeit und liegen in keinem Fenster.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Model quality (%1 of %2): %3 of %n windows outside the reference band [%4, %5].</source>
        <translation>
            <numerusform>Modellqualität (%1 von %2): %3 von %n Fenster außerhalb des Referenzbands [%4, %5].</numerusform>
            <numerusform>Modellqualität (%1 von %2): %3 von %n Fenstern außerhalb des Referenzbands [%4, %5].</numerusform>
        </translation>
    </message>
    <message>
        <source>Not tested: %1</source>
        <translation>Nicht getestet: %1</translation>
    </message>
    <message>
        <source>%1 per window</source>
        <translation>%1 pro Fenster</translation>
    </message>
    <message>
        <source>Give the target and prediction columns to watch model quality.</source>
        <translation>Geben Sie Ziel- und Vorhersagespalte an, um die Modellqualität zu beobachten.</translation>
    </message>
    <message>
        <source>No column could be tested.</source>
        <translation>Keine Spalte konnte getestet werden.</translation>
    </message>
    <message>
        <source>drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>no drift</source>
        <translation>keine Drift</translation>
    </message>
    <message>
        <source>%1 — %2, %3 %4</source>
        <translation>%1 — %2, %3 %4</translation>
    </message>
    <message>
        <source>Choose windows (a time column or row chunks) and run again to see %1 over time.</source>
        <translation>Wählen Sie Fenster (eine Zeitspalte oder Zeilenblöcke) und starten Sie erneut, um %1 im Zeitverlauf zu sehen.</translation>
    </message>
    <message>
        <source>%1 per window (%2)</source>
        <translation>%1 pro Fenster (%2)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Drift report</source>
        <translation>Driftbericht</translation>
    </message>
    <message>
        <source>Reference: %1 (%2 rows)</source>
        <translation>Referenz: %1 (%2 Zeilen)</translation>
    </message>
    <message>
        <source>Current: %1 (%2 rows)</source>
        <translation>Aktuell: %1 (%2 Zeilen)</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Not tested:</source>
        <translation>Nicht getestet:</translation>
    </message>
    <message>
        <source>Drift over time</source>
        <translation>Drift im Zeitverlauf</translation>
    </message>
    <message>
        <source>%1: reference and current</source>
        <translation>%1: Referenz und aktuell</translation>
    </message>
    <message>
        <source>Export drift report as HTML</source>
        <translation>Driftbericht als HTML exportieren</translation>
    </message>
    <message>
        <source>Export drift report as JSON</source>
        <translation>Driftbericht als JSON exportieren</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Multivariate</source>
        <translation>Multivariat</translation>
    </message>
    <message numerus="yes">
        <source>Multivariate drift (PCA reconstruction error): %1 of %n windows outside the reference band.</source>
        <translation>
            <numerusform>Multivariate Drift (PCA-Rekonstruktionsfehler): %1 von %n Fenster außerhalb des Referenzbands.</numerusform>
            <numerusform>Multivariate Drift (PCA-Rekonstruktionsfehler): %1 von %n Fenstern außerhalb des Referenzbands.</numerusform>
        </translation>
    </message>
    <message>
        <source>PCA reconstruction error per window (%1 components, %2% of the variance)</source>
        <translation>PCA-Rekonstruktionsfehler pro Fenster (%1 Komponenten, %2% der Varianz)</translation>
    </message>
    <message>
        <source>Multivariate drift needs at least two tested columns.</source>
        <translation>Multivariate Drift braucht mindestens zwei getestete Spalten.</translation>
    </message>
    <message>
        <source>PCA reconstruction error per window</source>
        <translation>PCA-Rekonstruktionsfehler pro Fenster</translation>
    </message>
    <message>
        <source>Multivariate drift</source>
        <translation>Multivariate Drift</translation>
    </message>
    <message>
        <source>the data the model was trained or validated on (CSV, TSV or JSON Lines), or profile:NAME</source>
        <translation>die Daten, mit denen das Modell trainiert oder validiert wurde (CSV, TSV oder JSON Lines), oder profile:NAME</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>References kept in the workspace: read once, loaded again without parsing</source>
        <translation>Im Arbeitsbereich aufbewahrte Referenzen: einmal gelesen, ohne erneutes Parsen geladen</translation>
    </message>
    <message>
        <source>No profiles kept yet</source>
        <translation>Noch keine Profile</translation>
    </message>
    <message>
        <source>Keep this reference as a profile…</source>
        <translation>Diese Referenz als Profil aufbewahren…</translation>
    </message>
    <message numerus="yes">
        <source>Kept as profile &quot;%1&quot; (%n rows).</source>
        <translation>
            <numerusform>Als Profil „%1“ aufbewahrt (%n Zeile).</numerusform>
            <numerusform>Als Profil „%1“ aufbewahrt (%n Zeilen).</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep reference as profile</source>
        <translation>Referenz als Profil aufbewahren</translation>
    </message>
    <message>
        <source>Profile name:</source>
        <translation>Profilname:</translation>
    </message>
    <message>
        <source>Profiling %1…</source>
        <translation>Profiliere %1…</translation>
    </message>
    <message>
        <source>Reports…</source>
        <translation>Berichte…</translation>
    </message>
    <message>
        <source>Open a drift report kept in the workspace</source>
        <translation>Einen im Arbeitsbereich aufbewahrten Driftbericht öffnen</translation>
    </message>
    <message>
        <source>Report %1 cannot be opened: %2</source>
        <translation>Bericht %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Drift reports</source>
        <translation>Driftberichte</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Reference → current</source>
        <translation>Referenz → aktuell</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>drift: %1 of %2 columns</source>
        <translation>Drift: %1 von %2 Spalten</translation>
    </message>
    <message>
        <source>no drift: %1 of %2 columns</source>
        <translation>keine Drift: %1 von %2 Spalten</translation>
    </message>
    <message numerus="yes">
        <source>%n quality alert(s)</source>
        <translation>
            <numerusform>%n Qualitätswarnung</numerusform>
            <numerusform>%n Qualitätswarnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>%1 v%2</source>
        <translation>%1 v%2</translation>
    </message>
    <message>
        <source>%1 against %2; kept in the workspace as report %3.</source>
        <translation>%1 gegen %2; im Arbeitsbereich als Bericht %3 aufbewahrt.</translation>
    </message>
    <message>
        <source>Skew…</source>
        <translation>Skew…</translation>
    </message>
    <message>
        <source>Training-serving skew: the same features offline and online, joined on a key</source>
        <translation>Training-Serving-Skew: dieselben Merkmale offline und online, über einen Schlüssel verbunden</translation>
    </message>
</context>
<context>
    <name>keel::EngineText</name>
    <message>
        <source>%1: excluded</source>
        <translation>%1: ausgeschlossen</translation>
    </message>
    <message>
        <source>%1: not in the current data</source>
        <translation>%1: nicht in den aktuellen Daten</translation>
    </message>
    <message>
        <source>%1: not in the reference</source>
        <translation>%1: nicht in der Referenz</translation>
    </message>
    <message>
        <source>%1: not in the online data</source>
        <translation>%1: nicht in den Online-Daten</translation>
    </message>
    <message>
        <source>%1: not in the offline data</source>
        <translation>%1: nicht in den Offline-Daten</translation>
    </message>
    <message>
        <source>%1: no values in the reference</source>
        <translation>%1: keine Werte in der Referenz</translation>
    </message>
    <message>
        <source>%1: no values in the current data</source>
        <translation>%1: keine Werte in den aktuellen Daten</translation>
    </message>
    <message>
        <source>%1: %2 columns are not tested unless named</source>
        <translation>%1: Spalten vom Typ %2 werden nur getestet, wenn sie genannt werden</translation>
    </message>
    <message>
        <source>%1: %2 distinct values in %3 rows, more than %4 categories (an identifier?); name it to test it</source>
        <translation>%1: %2 verschiedene Werte in %3 Zeilen, mehr als %4 Kategorien (eine Kennung?); nennen Sie die Spalte, um sie zu testen</translation>
    </message>
    <message>
        <source>the output contains %1</source>
        <translation>die Ausgabe enthält %1</translation>
    </message>
    <message>
        <source>the output does not contain %1</source>
        <translation>die Ausgabe enthält %1 nicht</translation>
    </message>
    <message>
        <source>the output matches %1</source>
        <translation>die Ausgabe passt auf %1</translation>
    </message>
    <message>
        <source>the output does not match %1</source>
        <translation>die Ausgabe passt nicht auf %1</translation>
    </message>
    <message>
        <source>the output starts with %1</source>
        <translation>die Ausgabe beginnt mit %1</translation>
    </message>
    <message>
        <source>the output does not start with %1</source>
        <translation>die Ausgabe beginnt nicht mit %1</translation>
    </message>
    <message>
        <source>the output equals the expected value</source>
        <translation>die Ausgabe ist gleich dem erwarteten Wert</translation>
    </message>
    <message>
        <source>expected %1, got %2</source>
        <translation>erwartet %1, erhalten %2</translation>
    </message>
    <message>
        <source>the output contains every value</source>
        <translation>die Ausgabe enthält jeden Wert</translation>
    </message>
    <message>
        <source>missing %1</source>
        <translation>es fehlt %1</translation>
    </message>
    <message>
        <source>no personal data found</source>
        <translation>keine personenbezogenen Daten gefunden</translation>
    </message>
    <message>
        <source>personal data: %1</source>
        <translation>personenbezogene Daten: %1</translation>
    </message>
    <message>
        <source>no prompt injection found</source>
        <translation>keine Prompt-Injection gefunden</translation>
    </message>
    <message>
        <source>prompt injection: %1</source>
        <translation>Prompt-Injection: %1</translation>
    </message>
    <message>
        <source>the output answers</source>
        <translation>die Ausgabe antwortet</translation>
    </message>
    <message>
        <source>the output is empty</source>
        <translation>die Ausgabe ist leer</translation>
    </message>
    <message>
        <source>a refusal: %1</source>
        <translation>eine Weigerung: %1</translation>
    </message>
    <message>
        <source>Levenshtein distance %1 &lt;= %2</source>
        <translation>Levenshtein-Abstand %1 &lt;= %2</translation>
    </message>
    <message>
        <source>Levenshtein distance %1 &gt; %2</source>
        <translation>Levenshtein-Abstand %1 &gt; %2</translation>
    </message>
    <message>
        <source>latency %1 ms &lt;= %2</source>
        <translation>Latenz %1 ms &lt;= %2</translation>
    </message>
    <message>
        <source>latency %1 ms &gt; %2</source>
        <translation>Latenz %1 ms &gt; %2</translation>
    </message>
    <message>
        <source>the assertion type &apos;%1&apos; is not one Keel runs</source>
        <translation>der Prüfungstyp &apos;%1&apos; ist keiner, den Keel ausführt</translation>
    </message>
    <message>
        <source>numerical</source>
        <translation>numerisch</translation>
    </message>
    <message>
        <source>categorical</source>
        <translation>kategorial</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>boolesch</translation>
    </message>
    <message>
        <source>datetime</source>
        <translation>Datum/Zeit</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>not: %1</source>
        <translation>nicht: %1</translation>
    </message>
    <message>
        <source>Drift: %1 against %2</source>
        <translation>Drift: %1 gegen %2</translation>
    </message>
    <message>
        <source>Skew: %1 against %2</source>
        <translation>Skew: %1 gegen %2</translation>
    </message>
    <message>
        <source>Reference profile %1 from %2</source>
        <translation>Referenzprofil %1 aus %2</translation>
    </message>
    <message>
        <source>Eval %1 (%2 failing cases again)</source>
        <translation>Eval %1 (%2 fehlgeschlagene Fälle erneut)</translation>
    </message>
    <message>
        <source>Eval %1</source>
        <translation>Eval %1</translation>
    </message>
    <message>
        <source>Generate with %1</source>
        <translation>Erzeugen mit %1</translation>
    </message>
    <message>
        <source>Build RAG index %1</source>
        <translation>RAG-Index %1 bauen</translation>
    </message>
    <message>
        <source>Sweep index settings of %1</source>
        <translation>Indexeinstellungen von %1 durchmessen</translation>
    </message>
    <message>
        <source>Verify %1 version %2</source>
        <translation>%1 Version %2 prüfen</translation>
    </message>
    <message>
        <source>Start serving %1</source>
        <translation>Ausliefern von %1 starten</translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation>Stapel %1</translation>
    </message>
    <message>
        <source>Import MLflow store %1</source>
        <translation>MLflow-Speicher %1 importieren</translation>
    </message>
    <message>
        <source>Measure CPU matmul speed</source>
        <translation>CPU-Matmul-Geschwindigkeit messen</translation>
    </message>
    <message>
        <source>Measure GPU matmul speed</source>
        <translation>GPU-Matmul-Geschwindigkeit messen</translation>
    </message>
    <message>
        <source>the artifact matches its registered hash</source>
        <translation>das Artefakt stimmt mit seinem registrierten Hash überein</translation>
    </message>
    <message>
        <source>%1 of %2 columns drifted: dataset drift</source>
        <translation>%1 von %2 Spalten driften: Datensatzdrift</translation>
    </message>
    <message>
        <source>%1 of %2 columns drifted</source>
        <translation>%1 von %2 Spalten driften</translation>
    </message>
    <message>
        <source>%1 of %2 features skewed</source>
        <translation>%1 von %2 Merkmalen mit Skew</translation>
    </message>
    <message>
        <source>%1 of %2 cells passed (%3%), run %4</source>
        <translation>%1 von %2 Zellen bestanden (%3 %), Lauf %4</translation>
    </message>
    <message>
        <source>%1/%2 cells, %3 passed, %4 failed, %5 errors, %6 tokens/s</source>
        <translation>%1/%2 Zellen, %3 bestanden, %4 durchgefallen, %5 Fehler, %6 Tokens/s</translation>
    </message>
    <message>
        <source>%1 GFLOP/s on %2 (%3 fp32, %4 multiplications)</source>
        <translation>%1 GFLOP/s auf %2 (%3 fp32, %4 Multiplikationen)</translation>
    </message>
    <message>
        <source>reading both files</source>
        <translation>lese beide Dateien</translation>
    </message>
    <message>
        <source>loading the model</source>
        <translation>lade das Modell</translation>
    </message>
    <message>
        <source>waiting for the model</source>
        <translation>warte auf das Modell</translation>
    </message>
    <message>
        <source>generating</source>
        <translation>erzeuge</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>schedule %1 at %2</source>
        <translation>Zeitplan %1 um %2</translation>
    </message>
    <message>
        <source>new or changed in %1: %2</source>
        <translation>neu oder geändert in %1: %2</translation>
    </message>
    <message>
        <source>%1: dataset drift: %2 of %3 columns drifted (%4)</source>
        <translation>%1: Datensatz-Drift: %2 von %3 Spalten gedriftet (%4)</translation>
    </message>
    <message>
        <source>%1: dataset drift: %2 of %3 columns drifted</source>
        <translation>%1: Datensatz-Drift: %2 von %3 Spalten gedriftet</translation>
    </message>
    <message>
        <source>%1: dataset drift</source>
        <translation>%1: Datensatz-Drift</translation>
    </message>
    <message>
        <source>FINISHED</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>RUNNING</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>KILLED</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>SCHEDULED</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>no stage</source>
        <translation>keine Stufe</translation>
    </message>
    <message>
        <source>Staging</source>
        <translation>Staging</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>Archiviert</translation>
    </message>
    <message>
        <source>%1:%2: column &quot;%3&quot; was declared numerical, but &quot;%4&quot; is not a number</source>
        <translation>%1:%2: Spalte „%3“ ist als numerisch angegeben, aber „%4“ ist keine Zahl</translation>
    </message>
    <message>
        <source>%1:%2: %3 fields, but the header has %4</source>
        <translation>%1:%2: %3 Felder, aber die Kopfzeile hat %4</translation>
    </message>
    <message>
        <source>%1:%2: a quoted field is never closed</source>
        <translation>%1:%2: ein Feld in Anführungszeichen wird nie geschlossen</translation>
    </message>
    <message>
        <source>%1:%2: the header names &quot;%3&quot; twice</source>
        <translation>%1:%2: die Kopfzeile nennt „%3“ zweimal</translation>
    </message>
    <message>
        <source>%1:%2: column %3 of the header is not UTF-8 text</source>
        <translation>%1:%2: Spalte %3 der Kopfzeile ist kein UTF-8-Text</translation>
    </message>
    <message>
        <source>%1:%2: column &quot;%3&quot; holds bytes that are not UTF-8</source>
        <translation>%1:%2: Spalte „%3“ enthält Bytes, die kein UTF-8 sind</translation>
    </message>
    <message>
        <source>%1:%2: not JSON (%3)</source>
        <translation>%1:%2: kein JSON (%3)</translation>
    </message>
    <message>
        <source>%1 is empty: no header row</source>
        <translation>%1 ist leer: keine Kopfzeile</translation>
    </message>
    <message>
        <source>%1: each line must be a JSON object</source>
        <translation>%1: jede Zeile muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>%1: each row must be a JSON object</source>
        <translation>%1: jede Zeile muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>%1: the key &quot;%2&quot; appears twice</source>
        <translation>%1: der Schlüssel „%2“ kommt zweimal vor</translation>
    </message>
    <message>
        <source>%1: field &quot;%2&quot; holds a nested value; only flat rows can be compared</source>
        <translation>%1: Feld „%2“ enthält einen verschachtelten Wert; nur flache Zeilen lassen sich vergleichen</translation>
    </message>
    <message>
        <source>%1: no column &quot;%2&quot; (%3 has it)</source>
        <translation>%1: keine Spalte „%2“ (%3 hat sie)</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>%1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>no workspace at %1: the folder does not exist</source>
        <translation>kein Arbeitsbereich unter %1: der Ordner existiert nicht</translation>
    </message>
    <message>
        <source>%1 is a file, not a workspace folder</source>
        <translation>%1 ist eine Datei, kein Arbeitsbereichsordner</translation>
    </message>
    <message>
        <source>%1 is not a Keel workspace: it has no %2 (choose an empty folder to create one)</source>
        <translation>%1 ist kein Keel-Arbeitsbereich: es fehlt %2 (wählen Sie einen leeren Ordner, um einen anzulegen)</translation>
    </message>
    <message>
        <source>cannot create a workspace in %1: the folder is not empty</source>
        <translation>in %1 kann kein Arbeitsbereich angelegt werden: der Ordner ist nicht leer</translation>
    </message>
    <message>
        <source>%1 is not an SQLite database (damaged, truncated, or another kind of file); the workspace was left as it is</source>
        <translation>%1 ist keine SQLite-Datenbank (beschädigt, abgeschnitten oder eine andere Art Datei); der Arbeitsbereich blieb unverändert</translation>
    </message>
    <message>
        <source>%1 is an SQLite database but not a Keel workspace (application_id %2)</source>
        <translation>%1 ist eine SQLite-Datenbank, aber kein Keel-Arbeitsbereich (application_id %2)</translation>
    </message>
    <message>
        <source>%1 was written by a newer Keel (schema version %2; this Keel knows up to %3); update Keel to open it. Nothing was changed</source>
        <translation>%1 wurde von einem neueren Keel geschrieben (Schemaversion %2; dieses Keel kennt bis %3); aktualisieren Sie Keel, um ihn zu öffnen. Nichts wurde geändert</translation>
    </message>
    <message>
        <source>%1: column &quot;%2&quot; is %3, but %4 in %5</source>
        <translation>%1: Spalte „%2“ ist %3, in %5 aber %4</translation>
    </message>
    <message>
        <source>is required</source>
        <translation>ist erforderlich</translation>
    </message>
    <message>
        <source>must be text, not %1</source>
        <translation>muss Text sein, nicht %1</translation>
    </message>
    <message>
        <source>must be a number, not %1</source>
        <translation>muss eine Zahl sein, nicht %1</translation>
    </message>
    <message>
        <source>must be a whole number, not %1</source>
        <translation>muss eine ganze Zahl sein, nicht %1</translation>
    </message>
    <message>
        <source>must be at least %1, not %2</source>
        <translation>muss mindestens %1 sein, nicht %2</translation>
    </message>
    <message>
        <source>must be at most %1, not %2</source>
        <translation>darf höchstens %1 sein, nicht %2</translation>
    </message>
    <message>
        <source>must be true or false, not %1</source>
        <translation>muss true oder false sein, nicht %1</translation>
    </message>
    <message>
        <source>must be one of %1, not %2</source>
        <translation>muss eines von %1 sein, nicht %2</translation>
    </message>
    <message>
        <source>must be a list of column names, not %1</source>
        <translation>muss eine Liste von Spaltennamen sein, nicht %1</translation>
    </message>
    <message>
        <source>must be a mapping (column: value), not %1</source>
        <translation>muss eine Zuordnung (Spalte: Wert) sein, nicht %1</translation>
    </message>
    <message>
        <source>a node has an empty id</source>
        <translation>ein Knoten hat eine leere ID</translation>
    </message>
    <message>
        <source>the id is used by another node</source>
        <translation>die ID wird von einem anderen Knoten verwendet</translation>
    </message>
    <message>
        <source>unknown node type &quot;%1&quot; (known: %2)</source>
        <translation>unbekannter Knotentyp „%1“ (bekannt: %2)</translation>
    </message>
    <message>
        <source>a link comes from &quot;%1&quot;, which is not a node</source>
        <translation>eine Verbindung kommt von „%1“, das kein Knoten ist</translation>
    </message>
    <message>
        <source>a link goes to &quot;%1&quot;, which is not a node</source>
        <translation>eine Verbindung führt zu „%1“, das kein Knoten ist</translation>
    </message>
    <message>
        <source>takes %1, but %2 gives %3</source>
        <translation>nimmt %1, aber %2 liefert %3</translation>
    </message>
    <message>
        <source>has more than one link into it</source>
        <translation>hat mehr als eine eingehende Verbindung</translation>
    </message>
    <message>
        <source>is not connected (it needs %1)</source>
        <translation>ist nicht verbunden (er braucht %1)</translation>
    </message>
    <message>
        <source>the links form a cycle: %1</source>
        <translation>die Verbindungen bilden einen Kreis: %1</translation>
    </message>
    <message>
        <source>drift names &quot;%1&quot;, which is not a node</source>
        <translation>drift nennt „%1“, das kein Knoten ist</translation>
    </message>
    <message>
        <source>param &quot;%1&quot;</source>
        <translation>Parameter „%1“</translation>
    </message>
    <message>
        <source>input &quot;%1&quot;</source>
        <translation>Eingang „%1“</translation>
    </message>
    <message>
        <source>output &quot;%1&quot;</source>
        <translation>Ausgang „%1“</translation>
    </message>
    <message>
        <source>trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>Warnung: </translation>
    </message>
    <message>
        <source>node &quot;%1&quot;: </source>
        <translation>Knoten „%1“: </translation>
    </message>
    <message>
        <source>is required (%1)</source>
        <translation>ist erforderlich (%1)</translation>
    </message>
    <message>
        <source>unknown for %1 (it takes %2)</source>
        <translation>unbekannt für %1 (er nimmt %2)</translation>
    </message>
    <message>
        <source>%1 has no such output</source>
        <translation>%1 hat keinen solchen Ausgang</translation>
    </message>
    <message>
        <source>%1 has no such input</source>
        <translation>%1 hat keinen solchen Eingang</translation>
    </message>
    <message>
        <source>model names are 1 to 256 characters long (got %1)</source>
        <translation>Modellnamen sind 1 bis 256 Zeichen lang (hier %1)</translation>
    </message>
    <message>
        <source>a model name cannot be blank</source>
        <translation>ein Modellname darf nicht leer sein</translation>
    </message>
    <message>
        <source>invalid model name &quot;%1&quot;: names cannot contain &apos;/&apos; or &apos;:&apos; (MLflow&apos;s rule)</source>
        <translation>ungültiger Modellname „%1“: Namen dürfen weder &apos;/&apos; noch &apos;:&apos; enthalten (MLflows Regel)</translation>
    </message>
    <message>
        <source>an alias name cannot be empty</source>
        <translation>ein Alias darf nicht leer sein</translation>
    </message>
    <message>
        <source>invalid alias &quot;%1&quot;: aliases may only contain letters, digits, underscores (_) and hyphens (-), as MLflow&apos;s do</source>
        <translation>ungültiger Alias „%1“: Aliase dürfen, wie bei MLflow, nur Buchstaben, Ziffern, Unterstriche (_) und Bindestriche (-) enthalten</translation>
    </message>
    <message>
        <source>the alias &quot;%1&quot; is reserved: &quot;latest&quot; (in any case) names the newest version</source>
        <translation>der Alias „%1“ ist reserviert: „latest“ (in jeder Schreibweise) nennt die neueste Version</translation>
    </message>
    <message>
        <source>the alias &quot;%1&quot; is reserved: &quot;v&lt;N&gt;&quot; names version N</source>
        <translation>der Alias „%1“ ist reserviert: „v&lt;N&gt;“ nennt Version N</translation>
    </message>
    <message>
        <source>no registered model named &quot;%1&quot;</source>
        <translation>kein registriertes Modell namens „%1“</translation>
    </message>
    <message>
        <source>model &quot;%1&quot; has no version %2</source>
        <translation>Modell „%1“ hat keine Version %2</translation>
    </message>
    <message>
        <source>a model named &quot;%1&quot; already exists (names are compared without case)</source>
        <translation>ein Modell namens „%1“ existiert bereits (Namen werden ohne Groß- und Kleinschreibung verglichen)</translation>
    </message>
    <message>
        <source>a model named &quot;%1&quot; already exists</source>
        <translation>ein Modell namens „%1“ existiert bereits</translation>
    </message>
    <message>
        <source>alias &quot;%1&quot; of &quot;%2&quot; has never pointed anywhere else; nothing to roll back to</source>
        <translation>Alias „%1“ von „%2“ hat nie auf etwas anderes gezeigt; es gibt nichts zum Zurückrollen</translation>
    </message>
    <message>
        <source>alias &quot;%1&quot; pointed at version %2 before, which is archived now; move the alias explicitly</source>
        <translation>Alias „%1“ zeigte zuvor auf Version %2, die jetzt archiviert ist; verschieben Sie den Alias ausdrücklich</translation>
    </message>
    <message>
        <source>model &quot;%1&quot; has no alias &quot;%2&quot;</source>
        <translation>Modell „%1“ hat keinen Alias „%2“</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be text, not a list</source>
        <translation>&apos;%1&apos; muss Text sein, keine Liste</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be text, not a mapping</source>
        <translation>&apos;%1&apos; muss Text sein, keine Zuordnung</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be text, not empty</source>
        <translation>&apos;%1&apos; muss Text sein, nicht leer</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a number, not &apos;%2&apos;</source>
        <translation>&apos;%1&apos; muss eine Zahl sein, nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>&apos;prompts&apos; lists no prompt</source>
        <translation>&apos;prompts&apos; nennt keinen Prompt</translation>
    </message>
    <message>
        <source>&apos;providers&apos; lists no provider</source>
        <translation>&apos;providers&apos; nennt keinen Anbieter</translation>
    </message>
    <message>
        <source>a provider needs an &apos;id&apos; (keel:MODEL, or openai:chat:MODEL with config.apiBaseUrl)</source>
        <translation>ein Anbieter braucht eine &apos;id&apos; (keel:MODELL oder openai:chat:MODELL mit config.apiBaseUrl)</translation>
    </message>
    <message>
        <source>the provider&apos;s &apos;config&apos; must be a mapping</source>
        <translation>die &apos;config&apos; des Anbieters muss eine Zuordnung sein</translation>
    </message>
    <message>
        <source>an assertion must be a mapping with a &apos;type&apos;</source>
        <translation>eine Prüfung muss eine Zuordnung mit einem &apos;type&apos; sein</translation>
    </message>
    <message>
        <source>an eval suite is a mapping with prompts, providers and tests</source>
        <translation>eine Eval-Suite ist eine Zuordnung mit prompts, providers und tests</translation>
    </message>
    <message>
        <source>the prompt field &apos;%1&apos; is not supported by Keel and is ignored</source>
        <translation>das Prompt-Feld &apos;%1&apos; wird von Keel nicht unterstützt und ignoriert</translation>
    </message>
    <message>
        <source>the provider field &apos;%1&apos; is not supported by Keel and is ignored</source>
        <translation>das Anbieter-Feld &apos;%1&apos; wird von Keel nicht unterstützt und ignoriert</translation>
    </message>
    <message>
        <source>the assertion field &apos;%1&apos; is not supported by Keel and is ignored</source>
        <translation>das Prüfungsfeld &apos;%1&apos; wird von Keel nicht unterstützt und ignoriert</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not supported by Keel and is ignored</source>
        <translation>&apos;%1&apos; wird von Keel nicht unterstützt und ignoriert</translation>
    </message>
    <message>
        <source>the test field &apos;%1&apos; is not supported by Keel and is ignored</source>
        <translation>das Testfeld &apos;%1&apos; wird von Keel nicht unterstützt und ignoriert</translation>
    </message>
    <message>
        <source>the option &apos;%1&apos; is not supported by Keel and is ignored</source>
        <translation>die Option &apos;%1&apos; wird von Keel nicht unterstützt und ignoriert</translation>
    </message>
</context>
<context>
    <name>keel::EvalResultsModel</name>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>BESTANDEN</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>DURCHGEFALLEN</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <source>regressed</source>
        <translation>verschlechtert</translation>
    </message>
    <message>
        <source>improved</source>
        <translation>verbessert</translation>
    </message>
    <message>
        <source>Baseline: %1 (%2)</source>
        <translation>Vergleichslauf: %1 (%2)</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Fall</translation>
    </message>
    <message>
        <source>%1 of %2 passed</source>
        <translation>%1 von %2 bestanden</translation>
    </message>
</context>
<context>
    <name>keel::EvalView</name>
    <message>
        <source>&lt;b&gt;Suites&lt;/b&gt;</source>
        <translation>&lt;b&gt;Suiten&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Open suite…</source>
        <translation>Suite öffnen…</translation>
    </message>
    <message>
        <source>New suite</source>
        <translation>Neue Suite</translation>
    </message>
    <message>
        <source>&lt;b&gt;Runs&lt;/b&gt;</source>
        <translation>&lt;b&gt;Läufe&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Bestanden</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Suite</source>
        <translation>Suite</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Open an eval suite</source>
        <translation>Eine Eval-Suite öffnen</translation>
    </message>
    <message>
        <source>Eval suites (*.yaml *.yml)</source>
        <translation>Eval-Suiten (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>&lt;i&gt;New suite, not saved yet&lt;/i&gt;</source>
        <translation>&lt;i&gt;Neue Suite, noch nicht gespeichert&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1: %2 of %3 cells, %4 passed, %5 failed, %6 errors, %7 tokens/s</source>
        <translation>%1: %2 von %3 Zellen, %4 bestanden, %5 durchgefallen, %6 Fehler, %7 Tokens/s</translation>
    </message>
    <message>
        <source>Cancelled: the finished cells are kept.</source>
        <translation>Abgebrochen: die fertigen Zellen bleiben erhalten.</translation>
    </message>
    <message>
        <source>Finished: %1 of %2 cells passed.</source>
        <translation>Fertig: %1 von %2 Zellen bestanden.</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b42318&quot;&gt;%1 could not run: %2&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#b42318&quot;&gt;%1 konnte nicht laufen: %2&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;No suite open: choose one on the left, open a file or start a new one.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Keine Suite offen: links eine wählen, eine Datei öffnen oder eine neue beginnen.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Beside:</source>
        <translation>Daneben:</translation>
    </message>
    <message>
        <source>Run a second local model on the same suite: its results get a column of their own.</source>
        <translation>Ein zweites lokales Modell auf derselben Suite laufen lassen: seine Ergebnisse bekommen eine eigene Spalte.</translation>
    </message>
    <message>
        <source>the suite&apos;s providers only</source>
        <translation>nur die Provider der Suite</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>&lt;i&gt;No run shown: run a suite, or choose a run on the left.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Kein Lauf gezeigt: eine Suite ausführen oder links einen Lauf wählen.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>Failures only</source>
        <translation>Nur Fehlschläge</translation>
    </message>
    <message>
        <source>Re-run failing cases</source>
        <translation>Fehlschläge neu ausführen</translation>
    </message>
    <message>
        <source>Run %1 of %2
%3 of %4 cells done, %5 passed, %6 failed, %7 errors</source>
        <translation>Lauf %1 von %2
%3 von %4 Zellen fertig, %5 bestanden, %6 durchgefallen, %7 Fehler</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b42318&quot;&gt;Cannot read %1: %2&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#b42318&quot;&gt;%1 kann nicht gelesen werden: %2&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style=&quot;color:#1e7a34&quot;&gt;✓&lt;/span&gt; %n case(s)</source>
        <translation>
            <numerusform>&lt;span style=&quot;color:#1e7a34&quot;&gt;✓&lt;/span&gt; %n Fall</numerusform>
            <numerusform>&lt;span style=&quot;color:#1e7a34&quot;&gt;✓&lt;/span&gt; %n Fälle</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s)</source>
        <translation>
            <numerusform>%n Prompt</numerusform>
            <numerusform>%n Prompts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n provider(s)</source>
        <translation>
            <numerusform>%n Provider</numerusform>
            <numerusform>%n Provider</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assertion(s)</source>
        <translation>
            <numerusform>%n Prüfung</numerusform>
            <numerusform>%n Prüfungen</numerusform>
        </translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Save the eval suite</source>
        <translation>Die Eval-Suite speichern</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b42318&quot;&gt;Cannot save %1: %2&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#b42318&quot;&gt;%1 kann nicht gespeichert werden: %2&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b42318&quot;&gt;%1&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#b42318&quot;&gt;%1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>%1 is queued: the Jobs dock shows its progress and can cancel it.</source>
        <translation>%1 steht in der Warteschlange: das Jobs-Fenster zeigt den Fortschritt und kann abbrechen.</translation>
    </message>
    <message numerus="yes">
        <source>%n failing case(s) queued again: the Jobs dock shows the run.</source>
        <translation>
            <numerusform>%n fehlgeschlagener Fall erneut eingereiht: das Jobs-Fenster zeigt den Lauf.</numerusform>
            <numerusform>%n fehlgeschlagene Fälle erneut eingereiht: das Jobs-Fenster zeigt den Lauf.</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; run %2, %3, %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Lauf %2, %3, %4</translation>
    </message>
    <message>
        <source>no baseline</source>
        <translation>kein Vergleichslauf</translation>
    </message>
    <message>
        <source>run %1, %2 (%3 passed)</source>
        <translation>Lauf %1, %2 (%3 bestanden)</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#b42318&quot;&gt;The results cannot be read: %1&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#b42318&quot;&gt;Die Ergebnisse können nicht gelesen werden: %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>This run has no finished cells.</source>
        <translation>Dieser Lauf hat keine fertigen Zellen.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 cells passed (%3%), %4 failed, %n error(s); %5 tokens, %6</source>
        <translation>
            <numerusform>%1 von %2 Zellen bestanden (%3 %), %4 durchgefallen, %n Fehler; %5 Tokens, %6</numerusform>
            <numerusform>%1 von %2 Zellen bestanden (%3 %), %4 durchgefallen, %n Fehler; %5 Tokens, %6</numerusform>
        </translation>
    </message>
    <message>
        <source>Against the baseline: &lt;b style=&quot;color:#b42318&quot;&gt;%1 regressed&lt;/b&gt;, &lt;b style=&quot;color:#1e7a34&quot;&gt;%2 improved&lt;/b&gt;</source>
        <translation>Gegenüber dem Vergleichslauf: &lt;b style=&quot;color:#b42318&quot;&gt;%1 verschlechtert&lt;/b&gt;, &lt;b style=&quot;color:#1e7a34&quot;&gt;%2 verbessert&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Fall %1</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>Wert %1</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
    <message>
        <source>Prompt as sent</source>
        <translation>Prompt wie gesendet</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message numerus="yes">
        <source>Context (%n chunk(s))</source>
        <translation>
            <numerusform>Kontext (%n Abschnitt)</numerusform>
            <numerusform>Kontext (%n Abschnitte)</numerusform>
        </translation>
    </message>
    <message>
        <source>Assertions</source>
        <translation>Prüfungen</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begründung</translation>
    </message>
    <message>
        <source>The judge&apos;s answers</source>
        <translation>Die Antworten des Bewerters</translation>
    </message>
    <message>
        <source>In the baseline</source>
        <translation>Im Vergleichslauf</translation>
    </message>
    <message>
        <source>Trace</source>
        <translation>Trace</translation>
    </message>
    <message>
        <source>%1 tokens in, %2 out</source>
        <translation>%1 Tokens hinein, %2 heraus</translation>
    </message>
    <message>
        <source>first token %1 ms</source>
        <translation>erstes Token %1 ms</translation>
    </message>
    <message>
        <source>%1 ms in all</source>
        <translation>%1 ms insgesamt</translation>
    </message>
    <message>
        <source>ended: %1</source>
        <translation>Ende: %1</translation>
    </message>
    <message>
        <source>Pass rate per assertion</source>
        <translation>Bestehensquote je Prüfung</translation>
    </message>
    <message>
        <source>passed (%)</source>
        <translation>bestanden (%)</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Latency per provider</source>
        <translation>Latenz je Provider</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>Cost per 1,000 tokens</source>
        <translation>Kosten je 1.000 Tokens</translation>
    </message>
    <message>
        <source>USD per 1,000 tokens</source>
        <translation>USD je 1.000 Tokens</translation>
    </message>
    <message>
        <source>USD</source>
        <translation>USD</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>durchgefallen</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Run</source>
        <comment>the runs list&apos;s column</comment>
        <translation>Lauf</translation>
    </message>
</context>
<context>
    <name>keel::ExperimentsModel</name>
    <message>
        <source>%1
runs: %2
from: %3</source>
        <translation>%1
Läufe: %2
Herkunft: %3</translation>
    </message>
    <message>
        <source>logged in Keel</source>
        <translation>in Keel protokolliert</translation>
    </message>
</context>
<context>
    <name>keel::ExperimentsView</name>
    <message>
        <source>Experiments</source>
        <translation>Experimente</translation>
    </message>
    <message>
        <source>Select one or more experiments (Ctrl-click); none selected shows every experiment&apos;s runs.</source>
        <translation>Ein oder mehrere Experimente auswählen (Strg-Klick); ohne Auswahl erscheinen die Läufe aller Experimente.</translation>
    </message>
    <message>
        <source>Search runs: metrics.accuracy &gt; 0.9 and params.lr = &apos;0.01&apos; and tags.team LIKE &apos;%nlp%&apos;</source>
        <translation>Läufe suchen: metrics.accuracy &gt; 0.9 and params.lr = &apos;0.01&apos; and tags.team LIKE &apos;%nlp%&apos;</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>Spalten…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No runs in this workspace yet&lt;/h3&gt;&lt;p&gt;Import the runs you already log with MLflow: File → Import MLflow Store… (an &lt;tt&gt;mlflow.db&lt;/tt&gt;), or on the command line &lt;tt&gt;keel import mlflow path/to/mlflow.db&lt;/tt&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine Läufe in diesem Arbeitsbereich&lt;/h3&gt;&lt;p&gt;Importieren Sie die Läufe, die Sie bereits mit MLflow protokollieren: Datei → MLflow-Speicher importieren… (eine &lt;tt&gt;mlflow.db&lt;/tt&gt;), oder auf der Kommandozeile &lt;tt&gt;keel import mlflow pfad/zu/mlflow.db&lt;/tt&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Select runs in the table to plot their metrics</source>
        <translation>Läufe in der Tabelle auswählen, um ihre Metriken zu zeichnen</translation>
    </message>
    <message>
        <source>Save chart as PNG…</source>
        <translation>Diagramm als PNG speichern…</translation>
    </message>
    <message>
        <source>Metric charts</source>
        <translation>Metrikdiagramme</translation>
    </message>
    <message>
        <source>Show differences only</source>
        <translation>Nur Unterschiede zeigen</translation>
    </message>
    <message>
        <source>Parameters and metrics</source>
        <translation>Parameter und Metriken</translation>
    </message>
    <message>
        <source>Export runs as CSV</source>
        <translation>Läufe als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>No runs to plot</source>
        <translation>Keine Läufe zum Zeichnen</translation>
    </message>
    <message>
        <source>These runs logged no values for this metric</source>
        <translation>Diese Läufe haben für diese Metrik keine Werte protokolliert</translation>
    </message>
    <message>
        <source> (the chart shows the first %1)</source>
        <translation> (das Diagramm zeigt die ersten %1)</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Read metric %1 for the chart (runs: %2)</source>
        <translation>Metrik %1 für das Diagramm lesen (Läufe: %2)</translation>
    </message>
    <message>
        <source>Params vs metric</source>
        <translation>Parameter gegen Metrik</translation>
    </message>
    <message>
        <source>Register Artifacts as a Model Version…</source>
        <translation>Artefakte als Modellversion registrieren…</translation>
    </message>
    <message>
        <source>This run has no artifacts in the workspace</source>
        <translation>Dieser Lauf hat keine Artefakte im Arbeitsbereich</translation>
    </message>
    <message>
        <source>Register a model version</source>
        <translation>Eine Modellversion registrieren</translation>
    </message>
    <message>
        <source>Model name:</source>
        <translation>Modellname:</translation>
    </message>
    <message>
        <source>(all artifacts)</source>
        <translation>(alle Artefakte)</translation>
    </message>
    <message>
        <source>Which artifacts make the model:</source>
        <translation>Welche Artefakte das Modell bilden:</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Registriert</translation>
    </message>
    <message>
        <source>%1 version %2 registered from this run.</source>
        <translation>%1 Version %2 aus diesem Lauf registriert.</translation>
    </message>
    <message>
        <source>Not registered</source>
        <translation>Nicht registriert</translation>
    </message>
    <message numerus="yes">
        <source>reading %1 points of %n run(s) in the background…</source>
        <translation>
            <numerusform>%1 Punkte von %n Lauf werden im Hintergrund gelesen…</numerusform>
            <numerusform>%1 Punkte von %n Läufen werden im Hintergrund gelesen…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n Lauf</numerusform>
            <numerusform>%n Läufe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · %1 selected%2</source>
        <translation>
            <numerusform>%n Lauf · %1 ausgewählt%2</numerusform>
            <numerusform>%n Läufe · %1 ausgewählt%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Run Page</source>
        <translation>Laufseite öffnen</translation>
    </message>
    <message>
        <source>All metrics</source>
        <translation>Alle Metriken</translation>
    </message>
    <message>
        <source>These runs logged no values for %1</source>
        <translation>Diese Läufe haben keine Werte für %1 aufgezeichnet</translation>
    </message>
    <message>
        <source>Select runs in the table to chart their metrics</source>
        <translation>Wählen Sie Läufe in der Tabelle, um ihre Metriken zu zeichnen</translation>
    </message>
    <message>
        <source>The first %1 of %2 metrics; the Metric charts tab shows any one of them.</source>
        <translation>Die ersten %1 von %2 Metriken; der Reiter Metrikdiagramme zeigt jede davon.</translation>
    </message>
    <message numerus="yes">
        <source>%n metric(s) of the charted runs</source>
        <translation>
            <numerusform>%n Metrik der gezeichneten Läufe</numerusform>
            <numerusform>%n Metriken der gezeichneten Läufe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>drawn from the stored overview; reading %1 points of %n run(s) for zooming…</source>
        <translation>
            <numerusform>aus der gespeicherten Übersicht gezeichnet; %1 Punkte von %n Lauf werden zum Zoomen gelesen…</numerusform>
            <numerusform>aus der gespeicherten Übersicht gezeichnet; %1 Punkte von %n Läufen werden zum Zoomen gelesen…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::JobsDock</name>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Beendete entfernen</translation>
    </message>
    <message>
        <source>No jobs yet. Long work (imports, training, evaluations, index builds) runs here.</source>
        <translation>Noch keine Aufträge. Lange Arbeiten (Importe, Training, Evaluierungen, Index-Aufbau) laufen hier.</translation>
    </message>
    <message>
        <source>running: %1</source>
        <translation>laufend: %1</translation>
    </message>
    <message>
        <source>queued: %1</source>
        <translation>wartend: %1</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>earlier sessions: %1 (in italics)</source>
        <translation>frühere Sitzungen: %1 (kursiv)</translation>
    </message>
    <message>
        <source>cost this session: %1</source>
        <translation>Kosten dieser Sitzung: %1</translation>
    </message>
</context>
<context>
    <name>keel::JobsModel</name>
    <message>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>From an earlier session, submitted %1</source>
        <translation>Aus einer früheren Sitzung, eingereicht %1</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>%1 for %2 of %3</source>
        <translation>%1 für %2 auf %3</translation>
    </message>
    <message>
        <source>GPU %1 % busy on average, %2 % at peak, %3 GiB at peak</source>
        <translation>GPU im Mittel zu %1 % ausgelastet, höchstens zu %2 %, höchstens %3 GiB</translation>
    </message>
    <message>
        <source>GPU memory %1 GiB at peak</source>
        <translation>GPU-Speicher höchstens %1 GiB</translation>
    </message>
</context>
<context>
    <name>keel::MainWindow</name>
    <message>
        <source>Experiments</source>
        <translation>Experimente</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Registry</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>Pipelines</source>
        <translation>Pipelines</translation>
    </message>
    <message>
        <source>RAG</source>
        <translation>RAG</translation>
    </message>
    <message>
        <source>Evals</source>
        <translation>Evaluierungen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Neuer Arbeitsbereich…</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>Arbeitsbereich ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Recent &amp;Workspaces</source>
        <translation>&amp;Zuletzt verwendete Arbeitsbereiche</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Aufträge</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>Measure &amp;CPU Speed</source>
        <translation>&amp;CPU-Geschwindigkeit messen</translation>
    </message>
    <message>
        <source>Measure &amp;GPU Speed</source>
        <translation>&amp;GPU-Geschwindigkeit messen</translation>
    </message>
    <message>
        <source>No GPU found</source>
        <translation>Keine GPU gefunden</translation>
    </message>
    <message>
        <source>Compute &amp;Threads…</source>
        <translation>Rechen-&amp;Threads…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Keel</source>
        <translation>Ü&amp;ber Keel</translation>
    </message>
    <message>
        <source>GPU: %1 · %2 / %3 GiB</source>
        <translation>GPU: %1 · %2 / %3 GiB</translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n weitere)</numerusform>
            <numerusform> (+%n weitere)</numerusform>
        </translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>nur CPU</translation>
    </message>
    <message>
        <source>No workspace open</source>
        <translation>Kein Arbeitsbereich geöffnet</translation>
    </message>
    <message>
        <source>Keel</source>
        <translation>Keel</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>%1 — Keel</source>
        <translation>%1 — Keel</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Keel could not open %1.

%2</source>
        <translation>Keel konnte %1 nicht öffnen.

%2</translation>
    </message>
    <message>
        <source>Choose an empty folder for the new workspace</source>
        <translation>Wählen Sie einen leeren Ordner für den neuen Arbeitsbereich</translation>
    </message>
    <message>
        <source>Folder is not empty</source>
        <translation>Ordner ist nicht leer</translation>
    </message>
    <message>
        <source>A new workspace needs an empty folder; %1 has files in it. To open an existing workspace, use File → Open Workspace.</source>
        <translation>Ein neuer Arbeitsbereich braucht einen leeren Ordner; %1 enthält Dateien. Um einen vorhandenen Arbeitsbereich zu öffnen, nutzen Sie Datei → Arbeitsbereich öffnen.</translation>
    </message>
    <message>
        <source>Open a Keel workspace folder</source>
        <translation>Einen Keel-Arbeitsbereichsordner öffnen</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>(noch keine)</translation>
    </message>
    <message>
        <source>Compute threads</source>
        <translation>Rechen-Threads</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>runtime %1, driver %2</source>
        <translation>Laufzeit %1, Treiber %2</translation>
    </message>
    <message>
        <source>A workbench for MLOps and LLMOps.</source>
        <translation>Eine Werkbank für MLOps und LLMOps.</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>libtorch</source>
        <translation>libtorch</translation>
    </message>
    <message>
        <source> (CUDA)</source>
        <translation> (CUDA)</translation>
    </message>
    <message>
        <source> (CPU)</source>
        <translation> (CPU)</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>Keel&apos;s CUDA kernels</source>
        <translation>Keels CUDA-Kernel</translation>
    </message>
    <message>
        <source>built</source>
        <translation>gebaut</translation>
    </message>
    <message>
        <source>not built</source>
        <translation>nicht gebaut</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>BLAS</source>
        <translation>BLAS</translation>
    </message>
    <message>
        <source>About Keel</source>
        <translation>Über Keel</translation>
    </message>
    <message>
        <source> · threads: %1</source>
        <translation> · Threads: %1</translation>
    </message>
    <message>
        <source>Threads for CPU maths (libtorch and its BLAS).
0 = one per core (cores here: %1).</source>
        <translation>Threads für CPU-Mathematik (libtorch und sein BLAS).
0 = einer je Kern (Kerne hier: %1).</translation>
    </message>
    <message>
        <source>runtime %1, no driver</source>
        <translation>Laufzeit %1, kein Treiber</translation>
    </message>
    <message>
        <source>Import an MLflow SQLite store</source>
        <translation>Einen MLflow-SQLite-Speicher importieren</translation>
    </message>
    <message>
        <source>MLflow store (mlflow.db *.db *.sqlite);;All files (*)</source>
        <translation>MLflow-Speicher (mlflow.db *.db *.sqlite);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>Import nicht möglich</translation>
    </message>
    <message>
        <source>Choose an MLflow mlruns/ folder</source>
        <translation>Einen MLflow-Ordner mlruns/ wählen</translation>
    </message>
    <message>
        <source>Fo&amp;llow MLflow Store</source>
        <translation>MLflow-Speicher &amp;folgen</translation>
    </message>
    <message>
        <source>Follow an mlflow.db…</source>
        <translation>Einer mlflow.db folgen…</translation>
    </message>
    <message>
        <source>Follow an MLflow SQLite store that is still being written</source>
        <translation>Einem MLflow-SQLite-Speicher folgen, in den noch geschrieben wird</translation>
    </message>
    <message>
        <source>Cannot follow</source>
        <translation>Folgen nicht möglich</translation>
    </message>
    <message>
        <source>Stop following %1</source>
        <translation>%1 nicht mehr folgen</translation>
    </message>
    <message>
        <source>Following: %1</source>
        <translation>Gefolgt: %1</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message numerus="yes">
        <source>Models loaded: %n · %1 MiB</source>
        <translation>
            <numerusform>%n Modell geladen · %1 MiB</numerusform>
            <numerusform>%n Modelle geladen · %1 MiB</numerusform>
        </translation>
    </message>
    <message>
        <source>Kept in memory until idle for the unload timeout (Models area):
%1</source>
        <translation>Bleibt im Speicher, bis es die Entladezeit lang unbenutzt war (Bereich Modelle):
%1</translation>
    </message>
    <message>
        <source>&amp;Import from MLflow…</source>
        <translation>Aus MLflow &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>&amp;Anleitung</translation>
    </message>
    <message>
        <source>Import from MLflow</source>
        <translation>Aus MLflow importieren</translation>
    </message>
    <message>
        <source>An MLflow SQLite database (mlflow.db), a file store folder (mlruns/) or a tracking server&apos;s address.
A server&apos;s credentials come from MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD.</source>
        <translation>Eine SQLite-Datenbank von MLflow (mlflow.db), ein Dateispeicher-Ordner (mlruns/) oder die Adresse eines Tracking-Servers.
Die Zugangsdaten eines Servers kommen aus MLFLOW_TRACKING_TOKEN oder MLFLOW_TRACKING_USERNAME und MLFLOW_TRACKING_PASSWORD.</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Datei…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Give a database file, an mlruns/ folder or a server address.</source>
        <translation>Geben Sie eine Datenbankdatei, einen mlruns/-Ordner oder eine Serveradresse an.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither a file or folder here nor an http:// or https:// address.</source>
        <translation>„%1“ ist weder eine Datei oder ein Ordner hier noch eine http://- oder https://-Adresse.</translation>
    </message>
    <message>
        <source>Keel user guide</source>
        <translation>Keel-Anleitung</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Keel&lt;/h2&gt;&lt;p&gt;One window over a local worker pool for the work of an ML engineer. Everything it computes is kept in the &lt;b&gt;workspace&lt;/b&gt; (File → New or Open Workspace): one SQLite file and a folder of artifacts named by their SHA-256.&lt;/p&gt;&lt;h3&gt;Areas&lt;/h3&gt;&lt;dl&gt;&lt;dt&gt;&lt;b&gt;Experiments&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Runs with their params and metrics, searched with MLflow&apos;s filter syntax; metric charts (step, wall or relative time, smoothing, log scale, outliers marked); runs compared side by side. Runs come from File → Import from MLflow (a database, an mlruns/ folder or a server), or from pipelines and evals.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Registry&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Registered models with immutable versions, aliases (champion, challenger) and stages, lineage back to the run, and the audit history; moving an alias, rolling it back or changing a stage asks for a reason and records it.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Drift&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Reference against current data: every column tested as Evidently tests it, drift over time windows, model quality against its band; every report kept in the workspace.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Pipelines&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Drag nodes from the palette onto the canvas and connect their ports: load and validate data, train, evaluate, gate, register. Runs are tracked; a pipeline can retrain on a schedule or when drift is found.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;RAG&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Build an index from documents (chunk, embed, vector index) and see recall against speed for each index setting; ask questions of two retrievers side by side.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Evals&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Eval suites in promptfoo&apos;s format: edit one (checked as you type) and run it on a local model or an OpenAI-compatible endpoint. Results show case by case in pass/fail colours, against a baseline run, with each cell&apos;s prompt, output, assertions, judge answers and trace; re-run the failing cases with one click.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Models&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;The local models Keel finds, a playground to talk to one, and servers (OpenAI-compatible and KServe v2) started from here.&lt;/dd&gt;&lt;/dl&gt;&lt;h3&gt;Jobs&lt;/h3&gt;&lt;p&gt;Long work (imports, training, index builds, eval runs) runs as jobs in the Jobs dock (View → Jobs), with progress and Cancel. A failing job fails alone; its message says why.&lt;/p&gt;&lt;h3&gt;On the command line&lt;/h3&gt;&lt;p&gt;The same engine runs headless, for scripts and CI: &lt;code&gt;keel --help&lt;/code&gt; lists the commands. For example &lt;code&gt;keel import mlflow mlflow.db&lt;/code&gt;, &lt;code&gt;keel runs search &quot;metrics.rmse &amp;lt; 0.5&quot;&lt;/code&gt;, &lt;code&gt;keel registry alias MODEL champion 3&lt;/code&gt;, &lt;code&gt;keel drift REF.csv CUR.csv&lt;/code&gt;, &lt;code&gt;keel pipeline run PIPELINE.yaml&lt;/code&gt;, &lt;code&gt;keel rag build INDEX.yaml&lt;/code&gt;, &lt;code&gt;keel eval run SUITE.yaml --gate RUN&lt;/code&gt; (exit 1 on a regression), &lt;code&gt;keel serve MODEL&lt;/code&gt;. &lt;code&gt;--workspace DIR&lt;/code&gt; chooses the workspace (else $KEEL_WORKSPACE).&lt;/p&gt;&lt;h3&gt;Keyboard&lt;/h3&gt;&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+N&lt;/b&gt; / &lt;b&gt;Ctrl+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;new / open workspace&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;save (the pipeline or eval suite being edited)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Z&lt;/b&gt; / &lt;b&gt;Ctrl+Shift+Z&lt;/b&gt;&lt;/td&gt;&lt;td&gt;undo / redo on the pipeline canvas&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Delete&lt;/b&gt;&lt;/td&gt;&lt;td&gt;remove the selected nodes and links&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;this guide&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Ctrl+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;quit&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h2&gt;Keel&lt;/h2&gt;&lt;p&gt;Ein Fenster über einem lokalen Worker-Pool für die Arbeit einer ML-Ingenieurin. Alles, was es berechnet, wird im &lt;b&gt;Arbeitsbereich&lt;/b&gt; aufbewahrt (Datei → Neuer Arbeitsbereich oder Arbeitsbereich öffnen): eine SQLite-Datei und ein Ordner mit Artefakten, benannt nach ihrem SHA-256.&lt;/p&gt;&lt;h3&gt;Bereiche&lt;/h3&gt;&lt;dl&gt;&lt;dt&gt;&lt;b&gt;Experimente&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Läufe mit ihren Parametern und Metriken, durchsucht mit der Filtersyntax von MLflow; Metrikdiagramme (Schritt, Uhrzeit oder relative Zeit, Glättung, logarithmische Skala, Ausreißer markiert); Läufe nebeneinander verglichen. Läufe kommen aus Datei → Aus MLflow importieren (eine Datenbank, ein mlruns/-Ordner oder ein Server) oder aus Pipelines und Evaluierungen.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Registry&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Registrierte Modelle mit unveränderlichen Versionen, Aliassen (champion, challenger) und Stufen, der Herkunft bis zum Lauf und der Historie; wer einen Alias verschiebt, zurücksetzt oder eine Stufe ändert, wird nach dem Grund gefragt, und er wird festgehalten.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Drift&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Referenz- gegen aktuelle Daten: jede Spalte getestet, wie Evidently sie testet, Drift über Zeitfenster, die Modellqualität gegen ihr Band; jeder Bericht bleibt im Arbeitsbereich.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Pipelines&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Ziehen Sie Knoten aus der Palette auf die Fläche und verbinden Sie ihre Anschlüsse: Daten laden und prüfen, trainieren, bewerten, freigeben, registrieren. Läufe werden aufgezeichnet; eine Pipeline kann nach Zeitplan oder bei gefundener Drift neu trainieren.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;RAG&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Einen Index aus Dokumenten bauen (zerlegen, einbetten, Vektorindex) und für jede Indexeinstellung Recall gegen Geschwindigkeit sehen; zwei Retrievern nebeneinander Fragen stellen.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Evaluierungen&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Eval-Suiten im Format von promptfoo: eine bearbeiten (während des Tippens geprüft) und auf einem lokalen Modell oder einem OpenAI-kompatiblen Endpunkt ausführen. Die Ergebnisse erscheinen Fall für Fall in Farben für bestanden und durchgefallen, gegen einen Vergleichslauf, mit Prompt, Ausgabe, Prüfungen, Antworten des Bewerters und Trace jeder Zelle; die fehlgeschlagenen Fälle mit einem Klick erneut ausführen.&lt;/dd&gt;&lt;dt&gt;&lt;b&gt;Modelle&lt;/b&gt;&lt;/dt&gt;&lt;dd&gt;Die lokalen Modelle, die Keel findet, ein Spielplatz für Gespräche mit einem davon, und Server (OpenAI-kompatibel und KServe v2), die von hier gestartet werden.&lt;/dd&gt;&lt;/dl&gt;&lt;h3&gt;Aufträge&lt;/h3&gt;&lt;p&gt;Längere Arbeit (Importe, Training, Indexbau, Eval-Läufe) läuft als Auftrag im Fenster Aufträge (Ansicht → Aufträge), mit Fortschritt und Abbrechen. Ein fehlschlagender Auftrag schlägt allein fehl; seine Meldung sagt, warum.&lt;/p&gt;&lt;h3&gt;Auf der Kommandozeile&lt;/h3&gt;&lt;p&gt;Dieselbe Engine läuft ohne Fenster, für Skripte und CI: &lt;code&gt;keel --help&lt;/code&gt; listet die Befehle. Zum Beispiel &lt;code&gt;keel import mlflow mlflow.db&lt;/code&gt;, &lt;code&gt;keel runs search &quot;metrics.rmse &amp;lt; 0.5&quot;&lt;/code&gt;, &lt;code&gt;keel registry alias MODEL champion 3&lt;/code&gt;, &lt;code&gt;keel drift REF.csv CUR.csv&lt;/code&gt;, &lt;code&gt;keel pipeline run PIPELINE.yaml&lt;/code&gt;, &lt;code&gt;keel rag build INDEX.yaml&lt;/code&gt;, &lt;code&gt;keel eval run SUITE.yaml --gate RUN&lt;/code&gt; (Exit 1 bei einer Verschlechterung), &lt;code&gt;keel serve MODEL&lt;/code&gt;. &lt;code&gt;--workspace DIR&lt;/code&gt; wählt den Arbeitsbereich (sonst $KEEL_WORKSPACE).&lt;/p&gt;&lt;h3&gt;Tastatur&lt;/h3&gt;&lt;table cellpadding=&apos;3&apos;&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+N&lt;/b&gt; / &lt;b&gt;Strg+O&lt;/b&gt;&lt;/td&gt;&lt;td&gt;neuer / Arbeitsbereich öffnen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+S&lt;/b&gt;&lt;/td&gt;&lt;td&gt;speichern (die bearbeitete Pipeline oder Eval-Suite)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+Z&lt;/b&gt; / &lt;b&gt;Strg+Umschalt+Z&lt;/b&gt;&lt;/td&gt;&lt;td&gt;rückgängig / wiederholen auf der Pipeline-Fläche&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Entf&lt;/b&gt;&lt;/td&gt;&lt;td&gt;die gewählten Knoten und Verbindungen entfernen&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;F1&lt;/b&gt;&lt;/td&gt;&lt;td&gt;diese Anleitung&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;&lt;b&gt;Strg+Q&lt;/b&gt;&lt;/td&gt;&lt;td&gt;beenden&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation>&amp;Geräte</translation>
    </message>
    <message>
        <source>GPU and CPU &amp;Prices…</source>
        <translation>GPU- und CPU-&amp;Preise…</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n GPU(s) idle while held</source>
        <translation>
            <numerusform>⚠ %n GPU belegt und untätig</numerusform>
            <numerusform>⚠ %n GPUs belegt und untätig</numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 % busy</source>
        <translation> · %1 % ausgelastet</translation>
    </message>
    <message>
        <source>GPU (telemetry only): %1</source>
        <translation>GPU (nur Telemetrie): %1</translation>
    </message>
    <message>
        <source> · %1 / %2 GiB</source>
        <translation> · %1 / %2 GiB</translation>
    </message>
    <message>
        <source>Telemetry over time and what each device costs: View → Devices (Ctrl+Shift+D)</source>
        <translation>Telemetrie über die Zeit und was jedes Gerät kostet: Ansicht → Geräte (Strg+Umschalt+D)</translation>
    </message>
</context>
<context>
    <name>keel::MetricChartView</name>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Relative time (s)</source>
        <translation>Relative Zeit (s)</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>Log y</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>X axis</source>
        <translation>X-Achse</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <source>Seconds since the run&apos;s first point</source>
        <translation>Sekunden seit dem ersten Punkt des Laufs</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Group the runs by a param: each group&apos;s mean, with a band from its lowest to its highest run</source>
        <translation>Läufe nach einem Parameter gruppieren: der Mittelwert jeder Gruppe, mit einem Band von ihrem niedrigsten bis zu ihrem höchsten Lauf</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>Gruppieren nach</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <source>Drag to zoom in on a range of x; ← → pan, + − zoom, 0 resets</source>
        <translation>Ziehen vergrößert einen x-Bereich; ← → verschieben, + − zoomen, 0 setzt zurück</translation>
    </message>
    <message>
        <source>Y range: clip outliers</source>
        <translation>Y-Bereich: Ausreißer abschneiden</translation>
    </message>
    <message>
        <source>Y range: all values</source>
        <translation>Y-Bereich: alle Werte</translation>
    </message>
    <message>
        <source>Y range: 5th-95th percentile</source>
        <translation>Y-Bereich: 5.–95. Perzentil</translation>
    </message>
    <message>
        <source>How far the y axis reaches. Values beyond it are drawn at its edge and marked with a red triangle; hover one to read its value.</source>
        <translation>Wie weit die y-Achse reicht. Werte darüber hinaus werden an ihrem Rand gezeichnet und mit einem roten Dreieck markiert; zeigen Sie darauf, um den Wert zu lesen.</translation>
    </message>
    <message>
        <source>beyond the axis</source>
        <translation>jenseits der Achse</translation>
    </message>
    <message>
        <source>%1 = %2
(beyond the axis, drawn at its edge)</source>
        <translation>%1 = %2
(jenseits der Achse, an ihrem Rand gezeichnet)</translation>
    </message>
    <message>
        <source>%1 cannot be drawn: %2</source>
        <translation>%1 kann nicht gezeichnet werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n beyond the axis</source>
        <translation>
            <numerusform>%n jenseits der Achse</numerusform>
            <numerusform>%n jenseits der Achse</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n Lauf</numerusform>
            <numerusform>%n Läufe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n group(s) · means and bands from %2 points</source>
        <translation>
            <numerusform>%1 in %n Gruppe · Mittelwerte und Bänder aus %2 Punkten</numerusform>
            <numerusform>%1 in %n Gruppen · Mittelwerte und Bänder aus %2 Punkten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2 of %3 points drawn</source>
        <translation>%1 · %2 von %3 Punkten gezeichnet</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · one value each, drawn as bars</source>
        <translation>
            <numerusform>%n Lauf · ein Wert, als Balken gezeichnet</numerusform>
            <numerusform>%n Läufe · je ein Wert, als Balken gezeichnet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · one value each, the mean of each group drawn as a bar</source>
        <translation>
            <numerusform>%n Lauf · ein Wert, der Mittelwert seiner Gruppe als Balken gezeichnet</numerusform>
            <numerusform>%n Läufe · je ein Wert, der Mittelwert jeder Gruppe als Balken gezeichnet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::ModelsView</name>
    <message>
        <source>&lt;b&gt;Local models&lt;/b&gt;</source>
        <translation>&lt;b&gt;Lokale Modelle&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Quantisation</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Unload All</source>
        <translation>Alle entladen</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Spielwiese</translation>
    </message>
    <message>
        <source>Ask the selected model something…</source>
        <translation>Fragen Sie das gewählte Modell etwas…</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>0 picks the likeliest token every time (greedy)</source>
        <translation>0 wählt jedes Mal das wahrscheinlichste Token (gierig)</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Chat-Vorlage</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>%1 prompt tokens · %2 generated (%3) · first token after %4 ms · %5 tokens/s</source>
        <translation>%1 Prompt-Tokens · %2 erzeugt (%3) · erstes Token nach %4 ms · %5 Tokens/s</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>text generation</source>
        <translation>Texterzeugung</translation>
    </message>
    <message>
        <source>embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <source>No models found. scripts/fetch-models.sh fetches SmolLM2-135M-Instruct and all-MiniLM-L6-v2; Add Folder… finds GGUF files and Hugging Face model folders elsewhere.</source>
        <translation>Keine Modelle gefunden. scripts/fetch-models.sh lädt SmolLM2-135M-Instruct und all-MiniLM-L6-v2; „Ordner hinzufügen…“ findet GGUF-Dateien und Hugging-Face-Modellordner anderswo.</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>Wählen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <source>%1 makes embeddings, not text: use it from the command line (keel embed) or in RAG.</source>
        <translation>%1 erzeugt Embeddings, keinen Text: verwenden Sie es auf der Kommandozeile (keel embed) oder in RAG.</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>Schreiben Sie zuerst einen Prompt.</translation>
    </message>
    <message>
        <source>Generating…</source>
        <translation>Erzeuge…</translation>
    </message>
    <message>
        <source>Folder with models</source>
        <translation>Ordner mit Modellen</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Bereitstellung</translation>
    </message>
    <message>
        <source>System prompt (optional): how the model should answer</source>
        <translation>Systemprompt (optional): wie das Modell antworten soll</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Sample among the k likeliest tokens only (0: all)</source>
        <translation>Nur unter den k wahrscheinlichsten Tokens wählen (0: alle)</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Sample among the likeliest tokens that together hold this probability (1: all)</source>
        <translation>Unter den wahrscheinlichsten Tokens wählen, die zusammen diese Wahrscheinlichkeit haben (1: alle)</translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation>Stopp bei</translation>
    </message>
    <message>
        <source>text that ends the answer; several separated by |</source>
        <translation>Text, der die Antwort beendet; mehrere durch | getrennt</translation>
    </message>
    <message>
        <source>Wrap the conversation in the model&apos;s chat format; without it, the prompt alone is completed as written</source>
        <translation>Das Gespräch in das Chat-Format des Modells setzen; ohne wird nur der Prompt so, wie er dasteht, fortgesetzt</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Neues Gespräch</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>The conversation: each answer streams in as it is written.</source>
        <translation>Das Gespräch: jede Antwort erscheint, während sie geschrieben wird.</translation>
    </message>
    <message>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <source>%1: </source>
        <translation>%1: </translation>
    </message>
    <message numerus="yes">
        <source>unload after %n idle minute(s)</source>
        <translation>
            <numerusform>werden nach %n untätigen Minute entladen</numerusform>
            <numerusform>werden nach %n untätigen Minuten entladen</numerusform>
        </translation>
    </message>
    <message>
        <source>unload after %1 idle minutes on a GPU, %2 on the CPU</source>
        <translation>werden nach %1 untätigen Minuten auf einer GPU entladen, nach %2 auf der CPU</translation>
    </message>
    <message>
        <source>No model loaded (models load on the first request and %1).</source>
        <translation>Kein Modell geladen (Modelle werden bei der ersten Anfrage geladen und %1).</translation>
    </message>
    <message>
        <source>Loaded: %1; %2.</source>
        <translation>Geladen: %1; Modelle %2.</translation>
    </message>
</context>
<context>
    <name>keel::ParallelCoordinates</name>
    <message>
        <source>Parallel coordinates need at least one param that differs between the runs</source>
        <translation>Parallele Koordinaten brauchen mindestens einen Parameter, der sich zwischen den Läufen unterscheidet</translation>
    </message>
</context>
<context>
    <name>keel::ParamsPlotView</name>
    <message>
        <source>Scatter plot</source>
        <translation>Streudiagramm</translation>
    </message>
    <message>
        <source>Parallel coordinates</source>
        <translation>Parallele Koordinaten</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>No metrics to plot</source>
        <translation>Keine Metriken zum Zeichnen</translation>
    </message>
</context>
<context>
    <name>keel::PipelineEdits</name>
    <message>
        <source>Add %1</source>
        <translation>%1 hinzufügen</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n node(s)</source>
        <translation>
            <numerusform>%n Knoten löschen</numerusform>
            <numerusform>%n Knoten löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>%1 verschieben</translation>
    </message>
    <message>
        <source>Connect %1</source>
        <translation>%1 verbinden</translation>
    </message>
    <message>
        <source>Disconnect %1</source>
        <translation>Verbindung %1 lösen</translation>
    </message>
    <message>
        <source>Change the params of %1</source>
        <translation>Parameter von %1 ändern</translation>
    </message>
</context>
<context>
    <name>keel::PipelineGraphModel</name>
    <message>
        <source>Both ends must be nodes.</source>
        <translation>Beide Enden müssen Knoten sein.</translation>
    </message>
    <message>
        <source>A node cannot feed itself.</source>
        <translation>Ein Knoten kann sich nicht selbst speisen.</translation>
    </message>
    <message>
        <source>No such port.</source>
        <translation>Diesen Anschluss gibt es nicht.</translation>
    </message>
    <message>
        <source>%1.%2 gives %3, but %4.%5 takes %6.</source>
        <translation>%1.%2 liefert %3, aber %4.%5 nimmt %6.</translation>
    </message>
    <message>
        <source>%1.%2 already has a link into it; delete that one first.</source>
        <translation>In %1.%2 führt schon eine Verbindung; löschen Sie diese zuerst.</translation>
    </message>
    <message>
        <source>That link would close a cycle.</source>
        <translation>Diese Verbindung würde einen Kreis schließen.</translation>
    </message>
    <message>
        <source>Choose where to save the pipeline.</source>
        <translation>Wählen Sie, wo die Pipeline gespeichert wird.</translation>
    </message>
    <message>
        <source>Unknown type %1</source>
        <translation>Unbekannter Typ %1</translation>
    </message>
    <message>
        <source>Its training run in Experiments</source>
        <translation>Sein Trainingslauf in Experimente</translation>
    </message>
    <message>
        <source>%1 in the Registry</source>
        <translation>%1 in der Registry</translation>
    </message>
    <message>
        <source>%1 rows × %2 columns</source>
        <translation>%1 Zeilen × %2 Spalten</translation>
    </message>
</context>
<context>
    <name>keel::PipelineRunsModel</name>
    <message>
        <source>%1
tracking run %2</source>
        <translation>%1
Tracking-Lauf %2</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Erfolgreich</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>last run %1, %2, %3 (%4)</source>
        <translation>letzter Lauf %1, %2, %3 (%4)</translation>
    </message>
</context>
<context>
    <name>keel::PipelineView</name>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Start an empty pipeline</source>
        <translation>Eine leere Pipeline beginnen</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Open a pipeline file (YAML)</source>
        <translation>Eine Pipeline-Datei (YAML) öffnen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save the pipeline to its file (Ctrl+S)</source>
        <translation>Die Pipeline in ihre Datei speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last edit (Ctrl+Z)</source>
        <translation>Die letzte Änderung zurücknehmen (Strg+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>Wiederholen (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Run the pipeline; nodes whose inputs and params did not change take their outputs from the cache</source>
        <translation>Die Pipeline starten; Knoten, deren Eingaben und Parameter sich nicht geändert haben, nehmen ihre Ausgaben aus dem Cache</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the run</source>
        <translation>Den Lauf anhalten</translation>
    </message>
    <message>
        <source>Search node types</source>
        <translation>Knotentypen suchen</translation>
    </message>
    <message>
        <source>Drag a node type onto the canvas, or double-click it</source>
        <translation>Einen Knotentyp auf die Fläche ziehen oder doppelklicken</translation>
    </message>
    <message>
        <source>name: value, one per line</source>
        <translation>name: wert, einer pro Zeile</translation>
    </message>
    <message>
        <source>Apply params</source>
        <translation>Parameter übernehmen</translation>
    </message>
    <message>
        <source>Params (YAML)</source>
        <translation>Parameter (YAML)</translation>
    </message>
    <message>
        <source>Double-click a run to open its pipeline file</source>
        <translation>Doppelklick auf einen Lauf öffnet seine Pipeline-Datei</translation>
    </message>
    <message>
        <source>Open a pipeline file</source>
        <translation>Eine Pipeline-Datei öffnen</translation>
    </message>
    <message>
        <source>Pipelines (*.yaml *.yml);;All files (*)</source>
        <translation>Pipelines (*.yaml *.yml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message numerus="yes">
        <source>Succeeded in %1 s · %n node(s) from the cache</source>
        <translation>
            <numerusform>Erfolgreich in %1 s · %n Knoten aus dem Cache</numerusform>
            <numerusform>Erfolgreich in %1 s · %n Knoten aus dem Cache</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Failed at node %1: %2</source>
        <translation>Fehlgeschlagen bei Knoten %1: %2</translation>
    </message>
    <message>
        <source>No pipeline open</source>
        <translation>Keine Pipeline geöffnet</translation>
    </message>
    <message>
        <source>Drag node types from the palette onto the canvas to start a pipeline, or open a file. The demo pipeline is resources/demo/breast-cancer/breast-cancer.yaml in Keel&apos;s folder.</source>
        <translation>Ziehen Sie Knotentypen aus der Palette auf die Fläche, um eine Pipeline zu beginnen, oder öffnen Sie eine Datei. Die Demo-Pipeline ist resources/demo/breast-cancer/breast-cancer.yaml in Keels Ordner.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The pipeline has changes that are not saved. Discard them?</source>
        <translation>Die Pipeline hat ungespeicherte Änderungen. Verwerfen?</translation>
    </message>
    <message>
        <source>untitled (not saved)</source>
        <translation>unbenannt (nicht gespeichert)</translation>
    </message>
    <message>
        <source>Drag node types from the palette onto the canvas; drag from an output port to an input port to connect them.</source>
        <translation>Ziehen Sie Knotentypen aus der Palette auf die Fläche; ziehen Sie von einem Ausgang zu einem Eingang, um sie zu verbinden.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n node(s), ready to run</source>
        <translation>
            <numerusform>%1: %n Knoten, startbereit</numerusform>
            <numerusform>%1: %n Knoten, startbereit</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;Select a node to see its params, its state and log, and its metrics.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wählen Sie einen Knoten, um seine Parameter, seinen Zustand, sein Protokoll und seine Metriken zu sehen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Save the pipeline</source>
        <translation>Die Pipeline speichern</translation>
    </message>
    <message>
        <source>Pipelines (*.yaml *.yml)</source>
        <translation>Pipelines (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <source>Connected %1.%2 → %3.%4</source>
        <translation>Verbunden: %1.%2 → %3.%4</translation>
    </message>
    <message>
        <source>Add %1 and connect it</source>
        <translation>%1 hinzufügen und verbinden</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>%1 läuft…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>Nimmt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Run all</source>
        <translation>Alles neu</translation>
    </message>
    <message>
        <source>Run every node again, taking nothing from the cache</source>
        <translation>Jeden Knoten neu ausführen, nichts aus dem Cache nehmen</translation>
    </message>
    <message>
        <source>Watch triggers</source>
        <translation>Beobachten</translation>
    </message>
    <message>
        <source>Run the pipeline when one of its triggers fires (a schedule, new files, drift in new data) while Keel is open</source>
        <translation>Die Pipeline starten, wenn einer ihrer Auslöser anspricht (ein Zeitplan, neue Dateien, Drift in neuen Daten), solange Keel offen ist</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>Arrange left to right</source>
        <translation>Von links nach rechts anordnen</translation>
    </message>
    <message>
        <source>Fit in view</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>last trigger: %1 at %2 (%3)</source>
        <translation>letzter Auslöser: %1 um %2 (%3)</translation>
    </message>
    <message>
        <source>Not watching triggers</source>
        <translation>Auslöser werden nicht beobachtet</translation>
    </message>
    <message>
        <source>This pipeline has no triggers (schedule, files or drift) to watch.</source>
        <translation>Diese Pipeline hat keine Auslöser (schedule, files oder drift) zum Beobachten.</translation>
    </message>
    <message>
        <source>Save the pipeline before watching its triggers.</source>
        <translation>Speichern Sie die Pipeline, bevor ihre Auslöser beobachtet werden.</translation>
    </message>
    <message>
        <source>Watching triggers: %1</source>
        <translation>Beobachtete Auslöser: %1</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n node(s)</source>
        <translation>
            <numerusform>%n Knoten kopiert</numerusform>
            <numerusform>%n Knoten kopiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paste %n node(s)</source>
        <translation>
            <numerusform>%n Knoten einfügen</numerusform>
            <numerusform>%n Knoten einfügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Arrange</source>
        <translation>Anordnen</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more column(s)</source>
        <translation>
            <numerusform>… und %n weitere Spalte</numerusform>
            <numerusform>… und %n weitere Spalten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::PipelineWatcher</name>
    <message>
        <source>next scheduled run %1</source>
        <translation>nächster geplanter Lauf %1</translation>
    </message>
</context>
<context>
    <name>keel::PricesDialog</name>
    <message>
        <source>GPU and CPU Prices</source>
        <translation>GPU- und CPU-Preise</translation>
    </message>
    <message>
        <source>What an hour of each device costs, in US dollars. Every job&apos;s device time is charged at these prices when it finishes; a GPU is matched by the longest model name its name contains, and a MIG instance costs its share of seven slices. The defaults are rough cloud list prices: put in what you pay.</source>
        <translation>Was eine Stunde jedes Geräts kostet, in US-Dollar. Die Gerätezeit jedes Jobs wird bei seinem Ende zu diesen Preisen berechnet; eine GPU wird dem längsten Modellnamen zugeordnet, den ihr Name enthält, und eine MIG-Instanz kostet ihren Anteil an sieben Scheiben. Die Vorgaben sind grobe Cloud-Listenpreise: Tragen Sie ein, was Sie zahlen.</translation>
    </message>
    <message>
        <source>GPU model</source>
        <translation>GPU-Modell</translation>
    </message>
    <message>
        <source>On demand ($/h)</source>
        <translation>On-Demand ($/h)</translation>
    </message>
    <message>
        <source>Spot ($/h)</source>
        <translation>Spot ($/h)</translation>
    </message>
    <message>
        <source>Add GPU</source>
        <translation>GPU hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>Vorgaben wiederherstellen</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>Spot</translation>
    </message>
    <message>
        <source>Any other GPU:</source>
        <translation>Jede andere GPU:</translation>
    </message>
    <message>
        <source>CPU, per core-hour:</source>
        <translation>CPU, pro Kernstunde:</translation>
    </message>
    <message>
        <source>Charge spot prices (this machine runs on spot or preemptible capacity)</source>
        <translation>Spot-Preise berechnen (dieser Rechner läuft auf Spot- oder unterbrechbarer Kapazität)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Alert when a held GPU is idle for:</source>
        <translation>Warnen, wenn eine belegte GPU untätig ist seit:</translation>
    </message>
    <message>
        <source>on the CPU</source>
        <translation>auf der CPU</translation>
    </message>
    <message>
        <source>Unload an idle local model on a GPU after:</source>
        <translation>Untätiges lokales Modell auf einer GPU entladen nach:</translation>
    </message>
</context>
<context>
    <name>keel::RagView</name>
    <message>
        <source>&lt;b&gt;Indexes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Indizes&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Chunks</translation>
    </message>
    <message>
        <source>Recall@10</source>
        <translation>Recall@10</translation>
    </message>
    <message>
        <source>New index…</source>
        <translation>Neuer Index…</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Bauen</translation>
    </message>
    <message>
        <source>Recall vs speed</source>
        <translation>Recall und Tempo</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Abfrage</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifest</translation>
    </message>
    <message>
        <source>Built %1</source>
        <translation>Gebaut: %1</translation>
    </message>
    <message>
        <source>The build failed: %1</source>
        <translation>Der Bau ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>, page %1</source>
        <translation>, Seite %1</translation>
    </message>
    <message>
        <source> (vector #%1, keyword #%2)</source>
        <translation> (Vektor #%1, Stichwort #%2)</translation>
    </message>
    <message>
        <source>&lt;i&gt;No chunk matches.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Kein Chunk passt.&lt;/i&gt;</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s) in %1 ms</source>
        <translation>
            <numerusform>%n Chunk in %1 ms</numerusform>
            <numerusform>%n Chunks in %1 ms</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;The query failed:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Die Abfrage ist fehlgeschlagen:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Sources — drop files and folders here</source>
        <translation>Quellen — Dateien und Ordner hierher ziehen</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Documents to index</source>
        <translation>Zu indizierende Dokumente</translation>
    </message>
    <message>
        <source>Documents (*.txt *.md *.html *.htm *.pdf *.py *.cpp *.h *.rst *.json);;All files (*)</source>
        <translation>Dokumente (*.txt *.md *.html *.htm *.pdf *.py *.cpp *.h *.rst *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>A folder of documents to index</source>
        <translation>Ein Ordner mit zu indizierenden Dokumenten</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>docs</source>
        <translation>docs</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Recursive (LangChain), characters</source>
        <translation>Rekursiv (LangChain), Zeichen</translation>
    </message>
    <message>
        <source>Sentences (LlamaIndex), tokens</source>
        <translation>Sätze (LlamaIndex), Token</translation>
    </message>
    <message>
        <source>Token windows, tokens</source>
        <translation>Token-Fenster, Token</translation>
    </message>
    <message>
        <source>Markdown headings, characters</source>
        <translation>Markdown-Überschriften, Zeichen</translation>
    </message>
    <message>
        <source>Chunker</source>
        <translation>Chunker</translation>
    </message>
    <message>
        <source>overlap</source>
        <translation>Überlappung</translation>
    </message>
    <message>
        <source>Chunk size</source>
        <translation>Chunk-Größe</translation>
    </message>
    <message>
        <source>No embedding model found: run scripts/fetch-models.sh</source>
        <translation>Kein Embedding-Modell gefunden: scripts/fetch-models.sh ausführen</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>Embedding-Modell</translation>
    </message>
    <message>
        <source>HNSW graph</source>
        <translation>HNSW-Graph</translation>
    </message>
    <message>
        <source>Exact (flat)</source>
        <translation>Exakt (flat)</translation>
    </message>
    <message>
        <source>IVF-Flat clusters</source>
        <translation>IVF-Flat-Cluster</translation>
    </message>
    <message>
        <source>IVF-PQ compressed</source>
        <translation>IVF-PQ komprimiert</translation>
    </message>
    <message>
        <source>Cosine (inner product on normalised vectors)</source>
        <translation>Kosinus (Skalarprodukt normierter Vektoren)</translation>
    </message>
    <message>
        <source>Euclidean (L2)</source>
        <translation>Euklidisch (L2)</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>auto (4·√n)</source>
        <translation>automatisch (4·√n)</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>HNSW M</source>
        <translation>HNSW M</translation>
    </message>
    <message>
        <source>efConstruction</source>
        <translation>efConstruction</translation>
    </message>
    <message>
        <source>efSearch</source>
        <translation>efSearch</translation>
    </message>
    <message>
        <source>IVF nlist</source>
        <translation>IVF nlist</translation>
    </message>
    <message>
        <source>IVF nprobe</source>
        <translation>IVF nprobe</translation>
    </message>
    <message>
        <source>PQ m</source>
        <translation>PQ m</translation>
    </message>
    <message>
        <source>Build index</source>
        <translation>Index bauen</translation>
    </message>
    <message>
        <source>Chunk preview</source>
        <translation>Chunk-Vorschau</translation>
    </message>
    <message>
        <source>Every setting measured on this version&apos;s own vectors against exact search: recall@10 up, queries per second (all threads, log scale) right, point size by bytes per vector. The line joins the Pareto front.</source>
        <translation>Jede Einstellung, gemessen an den Vektoren dieser Version gegen die exakte Suche: Recall@10 nach oben, Abfragen pro Sekunde (alle Threads, logarithmisch) nach rechts, Punktgröße nach Bytes pro Vektor. Die Linie verbindet die Pareto-Front.</translation>
    </message>
    <message>
        <source>Measure a sweep</source>
        <translation>Einstellungen durchmessen</translation>
    </message>
    <message>
        <source>Click a point to see its parameters.</source>
        <translation>Klicken Sie auf einen Punkt, um seine Parameter zu sehen.</translation>
    </message>
    <message>
        <source>Make it the default</source>
        <translation>Zur Vorgabe machen</translation>
    </message>
    <message>
        <source>Queries on %1 v%2 now use these settings.</source>
        <translation>Abfragen auf %1 v%2 verwenden jetzt diese Einstellungen.</translation>
    </message>
    <message>
        <source>Ask the index a question…</source>
        <translation>Stellen Sie dem Index eine Frage…</translation>
    </message>
    <message>
        <source>top</source>
        <translation>die besten</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Vector</source>
        <translation>Vektor</translation>
    </message>
    <message>
        <source>Keyword (BM25)</source>
        <translation>Stichwort (BM25)</translation>
    </message>
    <message>
        <source>Hybrid (RRF)</source>
        <translation>Hybrid (RRF)</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Add files or folders to index: drop them here, or use Add files… and Add folder…</source>
        <translation>Fügen Sie zu indizierende Dateien oder Ordner hinzu: hierher ziehen, oder Dateien hinzufügen… und Ordner hinzufügen… verwenden</translation>
    </message>
    <message>
        <source>The overlap (%1) must be smaller than the chunk size (%2).</source>
        <translation>Die Überlappung (%1) muss kleiner als die Chunk-Größe (%2) sein.</translation>
    </message>
    <message>
        <source>No embedding model: run scripts/fetch-models.sh, or put a sentence-transformers folder in the models cache.</source>
        <translation>Kein Embedding-Modell: scripts/fetch-models.sh ausführen oder einen sentence-transformers-Ordner in den Modell-Cache legen.</translation>
    </message>
    <message>
        <source>Building %1… (progress and Cancel in the Jobs dock; a cancelled build resumes without embedding again)</source>
        <translation>Baue %1… (Fortschritt und Abbrechen im Jobs-Dock; ein abgebrochener Bau setzt fort, ohne erneut einzubetten)</translation>
    </message>
    <message>
        <source>&lt;p style=&quot;color:#666&quot;&gt;Add sources to see how the chunker cuts one of their documents: each chunk in its own colour, overlaps in orange, a bar where a chunk begins.&lt;/p&gt;</source>
        <translation>&lt;p style=&quot;color:#666&quot;&gt;Fügen Sie Quellen hinzu, um zu sehen, wie der Chunker eines ihrer Dokumente zerlegt: jeder Chunk in eigener Farbe, Überlappungen in Orange, ein Balken, wo ein Chunk beginnt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This chunker counts tokens with the embedding model&apos;s tokenizer, and no model is found.</source>
        <translation>Dieser Chunker zählt Token mit dem Tokenizer des Embedding-Modells, und es wurde kein Modell gefunden.</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>Zeichen</translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s); %1 %2 on average, %3 at most%4</source>
        <translation>
            <numerusform>%n Chunk; %1 %2 im Mittel, höchstens %3%4</numerusform>
            <numerusform>%n Chunks; %1 %2 im Mittel, höchstens %3%4</numerusform>
        </translation>
    </message>
    <message>
        <source> (the first %1 KiB of the document)</source>
        <translation> (die ersten %1 KiB des Dokuments)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;%1 cannot be chunked:&lt;/b&gt; %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;%1 lässt sich nicht zerlegen:&lt;/b&gt; %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>v%1 · %2 · %3</source>
        <translation>v%1 · %2 · %3</translation>
    </message>
    <message>
        <source>No index yet. Drop documents on the Build tab, choose a chunker, model and index, and press Build index.</source>
        <translation>Noch kein Index. Ziehen Sie Dokumente auf den Reiter Bauen, wählen Sie Chunker, Modell und Index, und drücken Sie Index bauen.</translation>
    </message>
    <message>
        <source>Choose a version on the left.</source>
        <translation>Wählen Sie links eine Version.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 v%2&lt;/b&gt; in %3. </source>
        <translation>&lt;b&gt;%1 v%2&lt;/b&gt; in %3. </translation>
    </message>
    <message>
        <source>Every source was read. </source>
        <translation>Jede Quelle wurde gelesen. </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (see &lt;i&gt;skipped&lt;/i&gt; below). </source>
        <translation>
            <numerusform>%n Datei übersprungen (siehe &lt;i&gt;skipped&lt;/i&gt; unten). </numerusform>
            <numerusform>%n Dateien übersprungen (siehe &lt;i&gt;skipped&lt;/i&gt; unten). </numerusform>
        </translation>
    </message>
    <message>
        <source>Used by: no eval suite or pipeline names this index yet (Evals is not built yet).</source>
        <translation>Verwendet von: noch keine Eval-Suite und keine Pipeline nennt diesen Index (Evals ist noch nicht gebaut).</translation>
    </message>
    <message>
        <source>No index selected</source>
        <translation>Kein Index gewählt</translation>
    </message>
    <message>
        <source>bench.json cannot be read: %1</source>
        <translation>bench.json lässt sich nicht lesen: %1</translation>
    </message>
    <message>
        <source>%1 v%2: %3 settings, recall@10 against exact search</source>
        <translation>%1 v%2: %3 Einstellungen, Recall@10 gegen die exakte Suche</translation>
    </message>
    <message>
        <source>%1 v%2: the built setting only — Measure a sweep to compare settings</source>
        <translation>%1 v%2: nur die gebaute Einstellung — Einstellungen durchmessen, um zu vergleichen</translation>
    </message>
    <message>
        <source>queries per second, all threads (log scale)</source>
        <translation>Abfragen pro Sekunde, alle Threads (logarithmisch)</translation>
    </message>
    <message>
        <source>recall@10</source>
        <translation>Recall@10</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>exakt</translation>
    </message>
    <message>
        <source>HNSW</source>
        <translation>HNSW</translation>
    </message>
    <message>
        <source>IVF-Flat</source>
        <translation>IVF-Flat</translation>
    </message>
    <message>
        <source>IVF-PQ</source>
        <translation>IVF-PQ</translation>
    </message>
    <message>
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — recall@%2 %3, latency p50 %4 ms / p99 %5 ms, %6 QPS on one thread, %7 on all, %8 bytes per vector%9</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — Recall@%2 %3, Latenz p50 %4 ms / p99 %5 ms, %6 QPS auf einem Thread, %7 auf allen, %8 Bytes pro Vektor%9</translation>
    </message>
    <message>
        <source>, on the Pareto front</source>
        <translation>, auf der Pareto-Front</translation>
    </message>
    <message>
        <source>&lt;i&gt;Build an index first.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Bauen Sie zuerst einen Index.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;Searching…&lt;/i&gt;</source>
        <translation>&lt;i&gt;Suche…&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>keel::RagWorkbench</name>
    <message>
        <source>%1 is another index than this version&apos;s (%2): build a new version with it</source>
        <translation>%1 ist ein anderer Index als der dieser Version (%2): bauen Sie damit eine neue Version</translation>
    </message>
</context>
<context>
    <name>keel::RegistryTreeModel</name>
    <message>
        <source>Model / version</source>
        <translation>Modell / Version</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Aliase</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Registered %1 by %2
artifact %3</source>
        <translation>Registriert %1 von %2
Artefakt %3</translation>
    </message>
    <message numerus="yes">
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n Version</numerusform>
            <numerusform>%n Versionen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::RegistryView</name>
    <message>
        <source>Confirm</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Set alias…</source>
        <translation>Alias setzen…</translation>
    </message>
    <message>
        <source>Roll back alias…</source>
        <translation>Alias zurückrollen…</translation>
    </message>
    <message>
        <source>Move stage…</source>
        <translation>Stufe ändern…</translation>
    </message>
    <message>
        <source>Metric (at registration)</source>
        <translation>Metrik (bei der Registrierung)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>From → to</source>
        <translation>Von → nach</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historie</translation>
    </message>
    <message>
        <source>&lt;h3&gt;No registered models yet&lt;/h3&gt;&lt;p&gt;Register a model with &lt;tt&gt;keel registry register NAME FILE&lt;/tt&gt;, or import an MLflow store that has a registry (File → Import MLflow Store…).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Noch keine registrierten Modelle&lt;/h3&gt;&lt;p&gt;Registrieren Sie ein Modell mit &lt;tt&gt;keel registry register NAME DATEI&lt;/tt&gt; oder importieren Sie einen MLflow-Speicher mit Registry (Datei → MLflow-Speicher importieren…).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Set alias</source>
        <translation>Alias setzen</translation>
    </message>
    <message>
        <source>Alias to point at version %1:</source>
        <translation>Alias, der auf Version %1 zeigen soll:</translation>
    </message>
    <message>
        <source>Roll back alias</source>
        <translation>Alias zurückrollen</translation>
    </message>
    <message>
        <source>Move stage</source>
        <translation>Stufe ändern</translation>
    </message>
    <message>
        <source>Stage for version %1:</source>
        <translation>Stufe für Version %1:</translation>
    </message>
    <message>
        <source>Choose a model or a version</source>
        <translation>Ein Modell oder eine Version wählen</translation>
    </message>
    <message>
        <source>%1 · version %2</source>
        <translation>%1 · Version %2</translation>
    </message>
    <message>
        <source> · dataset %1 (%2)</source>
        <translation> · Datensatz %1 (%2)</translation>
    </message>
    <message>
        <source> ← &lt;b&gt;run&lt;/b&gt; &lt;a href=&apos;run:%1&apos;&gt;%2&lt;/a&gt;</source>
        <translation> ← &lt;b&gt;Lauf&lt;/b&gt; &lt;a href=&apos;run:%1&apos;&gt;%2&lt;/a&gt;</translation>
    </message>
    <message>
        <source> (v%1)</source>
        <translation> (v%1)</translation>
    </message>
    <message>
        <source>Not changed</source>
        <translation>Nicht geändert</translation>
    </message>
    <message>
        <source>Point %1@champion at version %2? Traffic that follows the champion moves to it.</source>
        <translation>%1@champion auf Version %2 setzen? Verkehr, der dem Champion folgt, wechselt dorthin.</translation>
    </message>
    <message>
        <source>Roll %1@champion back to the version it pointed at before?</source>
        <translation>%1@champion auf die Version zurückrollen, auf die er vorher zeigte?</translation>
    </message>
    <message>
        <source>Move version %1 of %2 to Production%3?</source>
        <translation>Version %1 von %2 nach Production verschieben%3?</translation>
    </message>
    <message>
        <source> and archive the version now there</source>
        <translation> und die Version, die jetzt dort ist, archivieren</translation>
    </message>
    <message>
        <source>Compare with…</source>
        <translation>Vergleichen mit…</translation>
    </message>
    <message>
        <source>Compare versions</source>
        <translation>Versionen vergleichen</translation>
    </message>
    <message>
        <source>Compare version %1 with version:</source>
        <translation>Version %1 vergleichen mit Version:</translation>
    </message>
    <message>
        <source>%1: version %2 and version %3</source>
        <translation>%1: Version %2 und Version %3</translation>
    </message>
    <message>
        <source>Show differences only</source>
        <translation>Nur Unterschiede zeigen</translation>
    </message>
    <message>
        <source>version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Remove alias…</source>
        <translation>Alias entfernen…</translation>
    </message>
    <message>
        <source>Remove alias</source>
        <translation>Alias entfernen</translation>
    </message>
    <message>
        <source>Alias to remove:</source>
        <translation>Zu entfernender Alias:</translation>
    </message>
    <message>
        <source>Remove %1@champion? Whatever follows the champion will find no model.</source>
        <translation>%1@champion entfernen? Was dem Champion folgt, findet dann kein Modell.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification&lt;/b&gt; checking the artifact against its registered hash…</source>
        <translation>&lt;b&gt;Prüfung&lt;/b&gt; das Artefakt wird mit seinem registrierten Hash verglichen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification&lt;/b&gt; &lt;span style=&apos;color:#1e7a34&apos;&gt;✓ the artifact matches its registered hash&lt;/span&gt; (checked %1)</source>
        <translation>&lt;b&gt;Prüfung&lt;/b&gt; &lt;span style=&apos;color:#1e7a34&apos;&gt;✓ das Artefakt stimmt mit seinem registrierten Hash überein&lt;/span&gt; (geprüft %1)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Verification&lt;/b&gt; &lt;span style=&apos;color:#b3261e&apos;&gt;✗ %1&lt;/span&gt; (checked %2)</source>
        <translation>&lt;b&gt;Prüfung&lt;/b&gt; &lt;span style=&apos;color:#b3261e&apos;&gt;✗ %1&lt;/span&gt; (geprüft %2)</translation>
    </message>
    <message>
        <source>optional: kept in the audit history</source>
        <translation>optional: wird in der Historie festgehalten</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>No alias of %1 has pointed anywhere else that it could go back to.</source>
        <translation>Kein Alias von %1 hat vorher woanders hingezeigt, wohin er zurückkönnte.</translation>
    </message>
    <message>
        <source>%1: version %2 → back to version %3</source>
        <translation>%1: Version %2 → zurück zu Version %3</translation>
    </message>
    <message>
        <source>Alias:</source>
        <translation>Alias:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Drift reports&lt;/b&gt;</source>
        <translation>&lt;b&gt;Driftberichte&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b42318&apos;&gt;drift&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#b42318&apos;&gt;Drift&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#1e7a34&apos;&gt;no drift&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#1e7a34&apos;&gt;keine Drift&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Signature&lt;/b&gt; %n input(s): %1</source>
        <translation>
            <numerusform>&lt;b&gt;Signatur&lt;/b&gt; %n Eingabe: %1</numerusform>
            <numerusform>&lt;b&gt;Signatur&lt;/b&gt; %n Eingaben: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n output(s): %1</source>
        <translation>
            <numerusform>%n Ausgabe: %1</numerusform>
            <numerusform>%n Ausgaben: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Artifact&lt;/b&gt; SHA-256 &lt;tt&gt;%1…&lt;/tt&gt;</source>
        <translation>&lt;b&gt;Artefakt&lt;/b&gt; SHA-256 &lt;tt&gt;%1…&lt;/tt&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Files&lt;/b&gt; %n file(s), %1:</source>
        <translation>
            <numerusform>&lt;b&gt;Dateien&lt;/b&gt; %n Datei, %1:</numerusform>
            <numerusform>&lt;b&gt;Dateien&lt;/b&gt; %n Dateien, %1:</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Files&lt;/b&gt; cannot be listed: %1</source>
        <translation>&lt;b&gt;Dateien&lt;/b&gt; können nicht aufgelistet werden: %1</translation>
    </message>
    <message>
        <source>Artifact (SHA-256)</source>
        <translation>Artefakt (SHA-256)</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Aliasse</translation>
    </message>
</context>
<context>
    <name>keel::RunComparisonModel</name>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
</context>
<context>
    <name>keel::RunPage</name>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Param</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>Letzter Wert</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min.</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max.</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Artefakt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Register this model…</source>
        <translation>Dieses Modell registrieren…</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>&lt;b&gt;No run %1 in this workspace.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Kein Lauf %1 in diesem Arbeitsbereich.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>experiment %1</source>
        <translation>Experiment %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Git commit</source>
        <translation>Git-Commit</translation>
    </message>
    <message>
        <source>Parent run</source>
        <translation>Übergeordneter Lauf</translation>
    </message>
    <message>
        <source>Child runs</source>
        <translation>Untergeordnete Läufe</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>&lt;i&gt;No description.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Keine Beschreibung.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Digest</source>
        <translation>Digest</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>&lt;i&gt;This run has no artifacts in the workspace.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Dieser Lauf hat keine Artefakte im Arbeitsbereich.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is a binary file of %2.</source>
        <translation>%1 ist eine Binärdatei von %2.</translation>
    </message>
    <message>
        <source>… (the first %1 of %2)</source>
        <translation>… (die ersten %1 von %2)</translation>
    </message>
</context>
<context>
    <name>keel::RunsTableModel</name>
    <message>
        <source>%1 = %2 at step %3</source>
        <translation>%1 = %2 bei Schritt %3</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>
child of %1</source>
        <translation>
untergeordnet zu %1</translation>
    </message>
    <message>
        <source>metrics.%1 (latest value)</source>
        <translation>metrics.%1 (letzter Wert)</translation>
    </message>
    <message>
        <source>params.%1</source>
        <translation>params.%1</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
</context>
<context>
    <name>keel::ServingModel</name>
    <message>
        <source>%1@%2 (registry, version %3)</source>
        <translation>%1@%2 (Registry, Version %3)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <source>chat, completions</source>
        <translation>Chat, Completions</translation>
    </message>
    <message>
        <source>%1@%2 → version %3</source>
        <translation>%1@%2 → Version %3</translation>
    </message>
    <message>
        <source>%1 (embeddings)</source>
        <translation>%1 (Embeddings)</translation>
    </message>
    <message>
        <source>%1 (chat, completions)</source>
        <translation>%1 (Chat, Completions)</translation>
    </message>
    <message>
        <source>%1 (unloaded while idle)</source>
        <translation>%1 (im Leerlauf entladen)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>OpenAI: %1/v1 · KServe v2: %1/v2 · Prometheus: %1/metrics</source>
        <translation>OpenAI: %1/v1 · KServe v2: %1/v2 · Prometheus: %1/metrics</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Bereitstellung</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>First token</source>
        <translation>Erstes Token</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Start a server first: the batch runs on one</source>
        <translation>Zuerst einen Server starten: der Batch läuft auf einem</translation>
    </message>
    <message>
        <source>%1 of %2 requests answered, %3 failed, %4 done before (resumed) — %5 s; results in %6</source>
        <translation>%1 von %2 Anfragen beantwortet, %3 fehlgeschlagen, %4 schon zuvor erledigt (fortgesetzt) — %5 s; Ergebnisse in %6</translation>
    </message>
    <message>
        <source>%1 an hour now. Charged at the CPU&apos;s price per core-hour times Keel&apos;s threads while a model is held in memory; nothing while every model is unloaded (scale to zero). Prices: Tools ▸ GPU and CPU Prices.</source>
        <translation>Derzeit %1 pro Stunde. Berechnet zum CPU-Preis pro Kernstunde mal Keels Threads, solange ein Modell im Speicher gehalten wird; nichts, solange alle Modelle entladen sind (Skalierung auf null). Preise: Werkzeuge ▸ GPU- und CPU-Preise.</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Per 1k req.</source>
        <translation>Je 1k Anfr.</translation>
    </message>
</context>
<context>
    <name>keel::ServingView</name>
    <message>
        <source>seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <source>A local model (chat and completions over OpenAI&apos;s API, or embeddings) or a registry alias (KServe v2, following the alias)</source>
        <translation>Ein lokales Modell (Chat und Completions über die OpenAI-API, oder Embeddings) oder ein Registry-Alias (KServe v2, dem Alias folgend)</translation>
    </message>
    <message>
        <source>on 127.0.0.1, port</source>
        <translation>auf 127.0.0.1, Port</translation>
    </message>
    <message>
        <source>The window serves on this machine only; beyond it, run keel serve --host with --api-key-env</source>
        <translation>Das Fenster stellt nur auf diesem Rechner bereit; darüber hinaus keel serve --host mit --api-key-env verwenden</translation>
    </message>
    <message>
        <source>The port (0: any free one)</source>
        <translation>Der Port (0: irgendein freier)</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>Bereitstellen</translation>
    </message>
    <message>
        <source>Serve a local model over OpenAI&apos;s API, or a registry model over KServe&apos;s v2 protocol; clients then use the address below.</source>
        <translation>Ein lokales Modell über die OpenAI-API oder ein Registry-Modell über KServes v2-Protokoll bereitstellen; Clients nutzen dann die Adresse unten.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stops accepting requests, lets the ones in flight finish, and stops</source>
        <translation>Nimmt keine Anfragen mehr an, lässt laufende zu Ende laufen und beendet</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>Verkehr</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Generierung</translation>
    </message>
    <message>
        <source>Serving on %1 — OpenAI: %1/v1 · KServe v2: %1/v2 · Prometheus: %1/metrics</source>
        <translation>Bereitgestellt auf %1 — OpenAI: %1/v1 · KServe v2: %1/v2 · Prometheus: %1/metrics</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <source>Nothing to serve yet: fetch a model (scripts/fetch-models.sh) or register one from a pipeline.</source>
        <translation>Noch nichts bereitzustellen: ein Modell holen (scripts/fetch-models.sh) oder eines aus einer Pipeline registrieren.</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>Starte %1…</translation>
    </message>
    <message>
        <source>requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>p95 latency (ms)</source>
        <translation>p95-Latenz (ms)</translation>
    </message>
    <message>
        <source>first token, median (ms)</source>
        <translation>erstes Token, Median (ms)</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Run a batch file…</source>
        <translation>Batch-Datei ausführen…</translation>
    </message>
    <message>
        <source>Sends every request of an OpenAI Batch API file (JSONL) to the selected server, as keel batch does; resumes a file run before</source>
        <translation>Sendet jede Anfrage einer OpenAI-Batch-API-Datei (JSONL) an den gewählten Server, wie keel batch; setzt eine schon begonnene Datei fort</translation>
    </message>
    <message>
        <source>Batch input</source>
        <translation>Batch-Eingabe</translation>
    </message>
    <message>
        <source>OpenAI Batch API files (*.jsonl);;All files (*)</source>
        <translation>OpenAI-Batch-API-Dateien (*.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Batch results</source>
        <translation>Batch-Ergebnisse</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Batch done: %1</source>
        <translation>Batch fertig: %1</translation>
    </message>
    <message>
        <source>The batch failed: %1</source>
        <translation>Der Batch ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Running the batch %1 (its progress is in Jobs)…</source>
        <translation>Batch %1 läuft (Fortschritt unter Jobs)…</translation>
    </message>
</context>
<context>
    <name>keel::SkewDialog</name>
    <message>
        <source>Training-serving skew</source>
        <translation>Training-Serving-Skew</translation>
    </message>
    <message>
        <source>The same features computed twice: for training (offline) and at serving time (online), joined on an entity key. A feature is skewed when more than 1% of the joined rows disagree or its two distributions drift.</source>
        <translation>Dieselben Merkmale zweimal berechnet: für das Training (offline) und beim Ausliefern (online), über einen Entitätsschlüssel verbunden. Ein Merkmal hat Skew, wenn mehr als 1 % der verbundenen Zeilen abweichen oder seine beiden Verteilungen driften.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose a file of features</source>
        <translation>Eine Datei mit Merkmalen wählen</translation>
    </message>
    <message>
        <source>Tables (*.csv *.tsv *.jsonl *.json);;All files (*)</source>
        <translation>Tabellen (*.csv *.tsv *.jsonl *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>features as computed for training</source>
        <translation>Merkmale, wie sie für das Training berechnet wurden</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>the same features as logged at serving time, or serve-log:MODEL</source>
        <translation>dieselben Merkmale, wie sie beim Ausliefern protokolliert wurden, oder serve-log:MODELL</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>The entity id column that joins the two files</source>
        <translation>Die Spalte mit der Entitäts-ID, die beide Dateien verbindet</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Disagree</source>
        <translation>Abweichend</translation>
    </message>
    <message>
        <source>Largest difference</source>
        <translation>Größte Differenz</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Choose both files and the key column first.</source>
        <translation>Wählen Sie zuerst beide Dateien und die Schlüsselspalte.</translation>
    </message>
    <message>
        <source>Comparing… (the Jobs dock shows it)</source>
        <translation>Vergleiche… (das Fenster Aufträge zeigt es)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Skew&lt;/b&gt;: %1 of %2 features disagree between training and serving.</source>
        <translation>&lt;b&gt;Skew&lt;/b&gt;: %1 von %2 Merkmalen weichen zwischen Training und Ausliefern ab.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No skew&lt;/b&gt;: %1 of %2 features disagree between training and serving.</source>
        <translation>&lt;b&gt;Kein Skew&lt;/b&gt;: %1 von %2 Merkmalen weichen zwischen Training und Ausliefern ab.</translation>
    </message>
    <message>
        <source>%1 keys in both; %2 offline only, %3 online only, %4 repeated, %5 rows without a key.</source>
        <translation>%1 Schlüssel in beiden; %2 nur offline, %3 nur online, %4 wiederholt, %5 Zeilen ohne Schlüssel.</translation>
    </message>
    <message>
        <source>Not compared: %1</source>
        <translation>Nicht verglichen: %1</translation>
    </message>
    <message>
        <source>%1% (%2 of %3)</source>
        <translation>%1 % (%2 von %3)</translation>
    </message>
    <message>
        <source>Skew (e.g. key %1)</source>
        <translation>Skew (z. B. Schlüssel %1)</translation>
    </message>
    <message>
        <source>No skew</source>
        <translation>Kein Skew</translation>
    </message>
</context>
<context>
    <name>keel::WindowScoreChart</name>
    <message>
        <source>p-value</source>
        <translation>p-Wert</translation>
    </message>
    <message>
        <source>distance</source>
        <translation>Abstand</translation>
    </message>
    <message>
        <source>drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>no drift</source>
        <translation>keine Drift</translation>
    </message>
    <message>
        <source>threshold %1</source>
        <translation>Schwelle %1</translation>
    </message>
    <message>
        <source>p-value (drift below the line)</source>
        <translation>p-Wert (Drift unter der Linie)</translation>
    </message>
    <message>
        <source>distance (drift above the line)</source>
        <translation>Abstand (Drift über der Linie)</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>reference chunks (mean ± 3σ)</source>
        <translation>Referenzblöcke (Mittel ± 3σ)</translation>
    </message>
</context>
<context>
    <name>keel::cli::Cli</name>
    <message>
        <source>Show the CPU and GPUs, their telemetry, the BLAS and the thread count</source>
        <translation>CPU und GPUs, ihre Telemetrie, das BLAS und die Thread-Zahl anzeigen</translation>
    </message>
    <message>
        <source>List the job history of a workspace</source>
        <translation>Die Auftragshistorie eines Arbeitsbereichs auflisten</translation>
    </message>
    <message>
        <source>Create, describe or check a workspace</source>
        <translation>Einen Arbeitsbereich anlegen, beschreiben oder prüfen</translation>
    </message>
    <message>
        <source>Usage: keel [--workspace DIR] [--lang LANG] [--threads N]   open the window</source>
        <translation>Aufruf: keel [--workspace DIR] [--lang LANG] [--threads N]   öffnet das Fenster</translation>
    </message>
    <message>
        <source>       keel &lt;command&gt; [options]                              run headless</source>
        <translation>       keel &lt;Befehl&gt; [Optionen]                              ohne Fenster ausführen</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>  --workspace DIR   the workspace folder (default: $KEEL_WORKSPACE, else %1)</source>
        <translation>  --workspace DIR   der Arbeitsbereichsordner (Vorgabe: $KEEL_WORKSPACE, sonst %1)</translation>
    </message>
    <message>
        <source>  --lang LANG       the language of the interface, e.g. de (default: the system&apos;s)</source>
        <translation>  --lang LANG       die Sprache der Oberfläche, z. B. de (Vorgabe: die des Systems)</translation>
    </message>
    <message>
        <source>  --threads N       threads for CPU maths (default: one per core)</source>
        <translation>  --threads N       Threads für CPU-Mathematik (Vorgabe: einer je Kern)</translation>
    </message>
    <message>
        <source>  --json            machine-readable output (commands that list things)</source>
        <translation>  --json            maschinenlesbare Ausgabe (Befehle, die etwas auflisten)</translation>
    </message>
    <message>
        <source>  --help, --version</source>
        <translation>  --help, --version</translation>
    </message>
    <message>
        <source>Run &apos;keel &lt;command&gt; --help&apos; for a command&apos;s options.</source>
        <translation>&apos;keel &lt;Befehl&gt; --help&apos; zeigt die Optionen eines Befehls.</translation>
    </message>
    <message>
        <source>Exit codes: 0 ok, 1 a check failed, 2 bad usage or bad input.</source>
        <translation>Exit-Codes: 0 in Ordnung, 1 eine Prüfung schlug fehl, 2 falscher Aufruf oder fehlerhafte Eingabe.</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;; run &apos;keel --help&apos; for the list</source>
        <translation>unbekannter Befehl &apos;%1&apos;; &apos;keel --help&apos; zeigt die Liste</translation>
    </message>
    <message>
        <source>The workspace folder.</source>
        <translation>Der Arbeitsbereichsordner.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>The language of the output.</source>
        <translation>Die Sprache der Ausgabe.</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>Threads for CPU maths.</source>
        <translation>Threads für CPU-Mathematik.</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--threads takes a whole number of at least 1, not &apos;%1&apos;</source>
        <translation>--threads erwartet eine ganze Zahl ab 1, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>Shows the devices Keel computes on.</source>
        <translation>Zeigt die Geräte, auf denen Keel rechnet.</translation>
    </message>
    <message>
        <source>Print JSON.</source>
        <translation>JSON ausgeben.</translation>
    </message>
    <message>
        <source>memory: %1 total, %2 available</source>
        <translation>Speicher: %1 gesamt, %2 verfügbar</translation>
    </message>
    <message>
        <source>, compute capability %1</source>
        <translation>, Compute Capability %1</translation>
    </message>
    <message>
        <source>telemetry: %1 / %2 used, %3% busy, %4 W, %5 °C</source>
        <translation>Telemetrie: %1 / %2 belegt, %3 % ausgelastet, %4 W, %5 °C</translation>
    </message>
    <message>
        <source>GPUs: %1</source>
        <translation>GPUs: %1</translation>
    </message>
    <message>
        <source>BLAS: %1</source>
        <translation>BLAS: %1</translation>
    </message>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Threads: %1 (libtorch intra-op)</source>
        <translation>Threads: %1 (libtorch intra-op)</translation>
    </message>
    <message>
        <source>libtorch: %1 (%2)</source>
        <translation>libtorch: %1 (%2)</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CPU only</source>
        <translation>nur CPU</translation>
    </message>
    <message>
        <source>CUDA: %1</source>
        <translation>CUDA: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>runtime %1, driver %2</source>
        <translation>Laufzeit %1, Treiber %2</translation>
    </message>
    <message>
        <source>Lists the jobs recorded in a workspace, newest first.</source>
        <translation>Listet die in einem Arbeitsbereich erfassten Aufträge auf, neueste zuerst.</translation>
    </message>
    <message>
        <source>Show at most N jobs (default 50).</source>
        <translation>Höchstens N Aufträge zeigen (Vorgabe 50).</translation>
    </message>
    <message>
        <source>--limit takes a whole number of at least 1, not &apos;%1&apos;</source>
        <translation>--limit erwartet eine ganze Zahl ab 1, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>No jobs recorded in %1 yet.</source>
        <translation>In %1 sind noch keine Aufträge erfasst.</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Submitted (UTC)</source>
        <translation>Eingereicht (UTC)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>init DIR: create a workspace in a new or empty folder.
info: describe the workspace.
check: verify the database and every artifact&apos;s hash (exit 1 when damaged).</source>
        <translation>init DIR: einen Arbeitsbereich in einem neuen oder leeren Ordner anlegen.
info: den Arbeitsbereich beschreiben.
check: die Datenbank und den Hash jedes Artefakts prüfen (Exit-Code 1 bei Schäden).</translation>
    </message>
    <message>
        <source>init, info or check</source>
        <translation>init, info oder check</translation>
    </message>
    <message>
        <source>The workspace folder (instead of --workspace).</source>
        <translation>Der Arbeitsbereichsordner (statt --workspace).</translation>
    </message>
    <message>
        <source>usage: keel workspace init|info|check [DIR]</source>
        <translation>Aufruf: keel workspace init|info|check [DIR]</translation>
    </message>
    <message>
        <source>Created workspace %1 (schema version %2)</source>
        <translation>Arbeitsbereich %1 angelegt (Schemaversion %2)</translation>
    </message>
    <message>
        <source>Workspace: %1</source>
        <translation>Arbeitsbereich: %1</translation>
    </message>
    <message>
        <source>Schema version: %1 (this Keel: %2)</source>
        <translation>Schemaversion: %1 (dieses Keel: %2)</translation>
    </message>
    <message>
        <source>Created: %1</source>
        <translation>Angelegt: %1</translation>
    </message>
    <message>
        <source>Jobs recorded: %1</source>
        <translation>Erfasste Aufträge: %1</translation>
    </message>
    <message>
        <source>Artifacts: %1 (%2)</source>
        <translation>Artefakte: %1 (%2)</translation>
    </message>
    <message>
        <source>database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>artifact: %1</source>
        <translation>Artefakt: %1</translation>
    </message>
    <message>
        <source>unknown workspace action &apos;%1&apos; (init, info or check)</source>
        <translation>unbekannte Arbeitsbereichsaktion &apos;%1&apos; (init, info oder check)</translation>
    </message>
    <message>
        <source>--seconds takes a number of seconds between 0 and 600, not &apos;%1&apos;</source>
        <translation>--seconds erwartet eine Sekundenzahl zwischen 0 und 600, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Measure fp32 matrix-multiply speed on every device, as jobs recorded in the workspace.</source>
        <translation>Die fp32-Matrixmultiplikationsgeschwindigkeit jedes Geräts messen, als im Arbeitsbereich erfasste Aufträge.</translation>
    </message>
    <message>
        <source>How long each measurement runs (default 3).</source>
        <translation>Wie lange jede Messung läuft (Vorgabe 3).</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>damaged: problems found: %1</source>
        <translation>beschädigt: gefundene Probleme: %1</translation>
    </message>
    <message>
        <source>runtime %1, no driver</source>
        <translation>Laufzeit %1, kein Treiber</translation>
    </message>
    <message>
        <source>Import an MLflow store (mlflow.db) into the workspace</source>
        <translation>Einen MLflow-Speicher (mlflow.db) in den Arbeitsbereich importieren</translation>
    </message>
    <message>
        <source>mlflow</source>
        <translation>mlflow</translation>
    </message>
    <message>
        <source>The store.</source>
        <translation>Der Speicher.</translation>
    </message>
    <message>
        <source>usage: keel import mlflow PATH</source>
        <translation>Aufruf: keel import mlflow PFAD</translation>
    </message>
    <message>
        <source>Run ID</source>
        <translation>Lauf-ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started (UTC)</source>
        <translation>Gestartet (UTC)</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>--max takes a whole number, not &apos;%1&apos;</source>
        <translation>--max erwartet eine ganze Zahl, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--view takes active, deleted or all, not &apos;%1&apos;</source>
        <translation>--view erwartet active, deleted oder all, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>More runs: add --page-token %1</source>
        <translation>Weitere Läufe: --page-token %1 anfügen</translation>
    </message>
    <message>
        <source>Run %1  %2</source>
        <translation>Lauf %1  %2</translation>
    </message>
    <message>
        <source>  experiment: %1</source>
        <translation>  Experiment: %1</translation>
    </message>
    <message>
        <source>  status: %1</source>
        <translation>  Status: %1</translation>
    </message>
    <message>
        <source>  started: %1</source>
        <translation>  gestartet: %1</translation>
    </message>
    <message>
        <source>  ended: %1</source>
        <translation>  beendet: %1</translation>
    </message>
    <message>
        <source>  parent run: %1</source>
        <translation>  übergeordneter Lauf: %1</translation>
    </message>
    <message>
        <source>  git commit: %1</source>
        <translation>  Git-Commit: %1</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Metrics (latest)</source>
        <translation>Metriken (letzter Wert)</translation>
    </message>
    <message>
        <source>  (step %1)</source>
        <translation>  (Schritt %1)</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Dataset %1 (digest %2, %3)</source>
        <translation>Datensatz %1 (Digest %2, %3)</translation>
    </message>
    <message>
        <source>compare needs at least two run ids</source>
        <translation>compare braucht mindestens zwei Lauf-IDs</translation>
    </message>
    <message>
        <source>list: runs, newest first. search FILTER: MLflow&apos;s search syntax, e.g. &quot;metrics.acc &gt; 0.9 and params.lr = &apos;0.01&apos;&quot;. show RUN_ID. compare RUN_ID RUN_ID...</source>
        <translation>list: Läufe, neueste zuerst. search FILTER: MLflows Suchsyntax, z. B. &quot;metrics.acc &gt; 0.9 and params.lr = &apos;0.01&apos;&quot;. show LAUF_ID. compare LAUF_ID LAUF_ID...</translation>
    </message>
    <message>
        <source>Print JSON (shaped as MLflow&apos;s REST API).</source>
        <translation>JSON ausgeben (in der Form von MLflows REST-API).</translation>
    </message>
    <message>
        <source>Only this experiment (name or id); repeatable.</source>
        <translation>Nur dieses Experiment (Name oder ID); wiederholbar.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>e.g. &quot;metrics.loss ASC&quot;; repeatable.</source>
        <translation>z. B. &quot;metrics.loss ASC&quot;; wiederholbar.</translation>
    </message>
    <message>
        <source>CLAUSE</source>
        <translation>KLAUSEL</translation>
    </message>
    <message>
        <source>At most N runs (default 1000).</source>
        <translation>Höchstens N Läufe (Vorgabe 1000).</translation>
    </message>
    <message>
        <source>Continue after a previous page.</source>
        <translation>Nach einer vorigen Seite fortsetzen.</translation>
    </message>
    <message>
        <source>TOKEN</source>
        <translation>TOKEN</translation>
    </message>
    <message>
        <source>active (default), deleted or all.</source>
        <translation>active (Vorgabe), deleted oder all.</translation>
    </message>
    <message>
        <source>VIEW</source>
        <translation>ANSICHT</translation>
    </message>
    <message>
        <source>compare: only the rows whose values differ.</source>
        <translation>compare: nur die Zeilen, deren Werte sich unterscheiden.</translation>
    </message>
    <message>
        <source>usage: keel runs list|search FILTER|show RUN_ID|compare RUN_ID RUN_ID...</source>
        <translation>Aufruf: keel runs list|search FILTER|show LAUF_ID|compare LAUF_ID LAUF_ID...</translation>
    </message>
    <message>
        <source>mlflow PATH: import an MLflow store into the workspace: an SQLite store (mlflow.db, a folder holding one, or sqlite:///path) or a file store (an mlruns/ folder). Importing it again updates it.</source>
        <translation>mlflow PFAD: einen MLflow-Speicher in den Arbeitsbereich importieren: einen SQLite-Speicher (mlflow.db, einen Ordner mit einer solchen oder sqlite:///pfad) oder einen Dateispeicher (einen Ordner mlruns/). Ein erneuter Import aktualisiert ihn.</translation>
    </message>
    <message>
        <source>Imported %1: %2 experiments, %3 runs, %4 params, %5 tags, %6 metric points, %7 artifact files (MLflow schema %8)</source>
        <translation>%1 importiert: %2 Experimente, %3 Läufe, %4 Parameter, %5 Tags, %6 Metrikpunkte, %7 Artefaktdateien (MLflow-Schema %8)</translation>
    </message>
    <message>
        <source>Artifacts (in the workspace, by SHA-256)</source>
        <translation>Artefakte (im Arbeitsbereich, nach SHA-256)</translation>
    </message>
    <message>
        <source>Registered models: versions, aliases, stages, rollback, history</source>
        <translation>Registrierte Modelle: Versionen, Aliase, Stufen, Rollback, Historie</translation>
    </message>
    <message>
        <source>%1 must be a version number (1, 2, ...), not &apos;%2&apos;</source>
        <translation>%1 muss eine Versionsnummer sein (1, 2, ...), nicht &apos;%2&apos;</translation>
    </message>
    <message>
        <source>register: the run the model came from.</source>
        <translation>register: der Lauf, aus dem das Modell stammt.</translation>
    </message>
    <message>
        <source>RUN_ID</source>
        <translation>LAUF_ID</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>Why (kept in the history).</source>
        <translation>Warum (wird in der Historie festgehalten).</translation>
    </message>
    <message>
        <source>stage: move the other versions in that stage to Archived.</source>
        <translation>stage: die anderen Versionen in dieser Stufe nach Archived verschieben.</translation>
    </message>
    <message>
        <source>list, show, register, alias, unalias, rollback, stage or history</source>
        <translation>list, show, register, alias, unalias, rollback, stage oder history</translation>
    </message>
    <message>
        <source>No registered models yet.</source>
        <translation>Noch keine registrierten Modelle.</translation>
    </message>
    <message>
        <source>latest v%1</source>
        <translation>neueste v%1</translation>
    </message>
    <message>
        <source>  run %1</source>
        <translation>  Lauf %1</translation>
    </message>
    <message>
        <source>Registered %1 version %2 (artifact %3)</source>
        <translation>%1 Version %2 registriert (Artefakt %3)</translation>
    </message>
    <message>
        <source>%1@%2 → version %3</source>
        <translation>%1@%2 → Version %3</translation>
    </message>
    <message>
        <source>Removed alias %1 of %2</source>
        <translation>Alias %1 von %2 entfernt</translation>
    </message>
    <message>
        <source>%1@%2 rolled back to version %3</source>
        <translation>%1@%2 auf Version %3 zurückgerollt</translation>
    </message>
    <message>
        <source>%1 version %2 is now in %3</source>
        <translation>%1 Version %2 ist jetzt in %3</translation>
    </message>
    <message>
        <source>Model registry: %1 models, %2 new versions, %3 aliases</source>
        <translation>Modellregistry: %1 Modelle, %2 neue Versionen, %3 Aliase</translation>
    </message>
    <message>
        <source>Data drift between a reference and a current CSV file, column by column</source>
        <translation>Datendrift zwischen einer Referenz- und einer aktuellen CSV-Datei, Spalte für Spalte</translation>
    </message>
    <message>
        <source>Also write the JSON report to FILE.</source>
        <translation>Den JSON-Bericht zusätzlich in DATEI schreiben.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Only these columns (comma-separated).</source>
        <translation>Nur diese Spalten (durch Kommas getrennt).</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>LISTE</translation>
    </message>
    <message>
        <source>Leave out these columns: identifiers, the target, timestamps (comma-separated).</source>
        <translation>Diese Spalten auslassen: Kennungen, Zielgröße, Zeitstempel (durch Kommas getrennt).</translation>
    </message>
    <message>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <source>The share of drifted columns that means dataset drift (default 0.5).</source>
        <translation>Der Anteil gedrifteter Spalten, ab dem der Datensatz als gedriftet gilt (Vorgabe 0,5).</translation>
    </message>
    <message>
        <source>Read these columns as categories even if they hold numbers (comma-separated).</source>
        <translation>Diese Spalten als Kategorien lesen, auch wenn sie Zahlen enthalten (durch Kommas getrennt).</translation>
    </message>
    <message>
        <source>the current data, with the same columns</source>
        <translation>die aktuellen Daten, mit denselben Spalten</translation>
    </message>
    <message>
        <source>--share takes a number in (0, 1], not &apos;%1&apos;</source>
        <translation>--share erwartet eine Zahl in (0, 1], nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1 rows in the reference, %2 in the current data</source>
        <translation>%1 Zeilen in der Referenz, %2 in den aktuellen Daten</translation>
    </message>
    <message>
        <source>column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>score</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>drift</source>
        <translation>Drift</translation>
    </message>
    <message>
        <source>DRIFT</source>
        <translation>DRIFT</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>skipped %1</source>
        <translation>übersprungen: %1</translation>
    </message>
    <message>
        <source>Dataset drift: %1 of %2 columns drifted (share %3 reached).</source>
        <translation>Datensatz-Drift: %1 von %2 Spalten gedriftet (Anteil %3 erreicht).</translation>
    </message>
    <message>
        <source>No dataset drift: %1 of %2 columns drifted (share %3 not reached).</source>
        <translation>Kein Datensatz-Drift: %1 von %2 Spalten gedriftet (Anteil %3 nicht erreicht).</translation>
    </message>
    <message>
        <source>Also score the current data per period of this timestamp column.</source>
        <translation>Die aktuellen Daten zusätzlich je Zeitraum dieser Zeitstempelspalte bewerten.</translation>
    </message>
    <message>
        <source>COLUMN</source>
        <translation>SPALTE</translation>
    </message>
    <message>
        <source>With --time-column: hour, day, week or month (default day).</source>
        <translation>Mit --time-column: hour, day, week oder month (Vorgabe day).</translation>
    </message>
    <message>
        <source>P</source>
        <translation>P</translation>
    </message>
    <message>
        <source>--period takes hour, day, week or month, not &apos;%1&apos;</source>
        <translation>--period erwartet hour, day, week oder month, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Per %1 of %2:</source>
        <translation>Je %1 von %2:</translation>
    </message>
    <message>
        <source>window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>drifted</source>
        <translation>gedriftet</translation>
    </message>
    <message>
        <source>dataset drift</source>
        <translation>Datensatz-Drift</translation>
    </message>
    <message>
        <source>%1 rows have no time and are in no window</source>
        <translation>%1 Zeilen haben keine Zeit und liegen in keinem Fenster</translation>
    </message>
    <message>
        <source>A threshold instead of each test&apos;s default: T for every column, or COLUMN=T for one (repeatable).</source>
        <translation>Ein Schwellenwert statt der Vorgabe jedes Tests: T für alle Spalten oder SPALTE=T für eine (wiederholbar).</translation>
    </message>
    <message>
        <source>--threshold takes a positive number or COLUMN=NUMBER, not &apos;%1&apos;</source>
        <translation>--threshold erwartet eine positive Zahl oder SPALTE=ZAHL, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Without --time-column: also score the current data in N row chunks.</source>
        <translation>Ohne --time-column: die aktuellen Daten auch in N Zeilenblöcken bewerten.</translation>
    </message>
    <message>
        <source>Concept drift: the column with the true values (needs --prediction).</source>
        <translation>Konzeptdrift: die Spalte mit den wahren Werten (braucht --prediction).</translation>
    </message>
    <message>
        <source>Concept drift: the column with the model&apos;s predictions or positive-class probabilities.</source>
        <translation>Konzeptdrift: die Spalte mit den Vorhersagen des Modells oder den Wahrscheinlichkeiten der positiven Klasse.</translation>
    </message>
    <message>
        <source>classification or regression (default: guessed from the target).</source>
        <translation>classification oder regression (Vorgabe: aus dem Ziel erraten).</translation>
    </message>
    <message>
        <source>The quality metric that alerts: accuracy, f1, roc_auc, mae or rmse.</source>
        <translation>Die Qualitätsmetrik, die alarmiert: accuracy, f1, roc_auc, mae oder rmse.</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Keep the report in the workspace.</source>
        <translation>Den Bericht im Arbeitsbereich aufbewahren.</translation>
    </message>
    <message>
        <source>MODEL</source>
        <translation>MODELL</translation>
    </message>
    <message>
        <source>--chunks takes a whole number of at least 1, not &apos;%1&apos;</source>
        <translation>--chunks erwartet eine ganze Zahl ab 1, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>concept drift needs both --target and --prediction</source>
        <translation>Konzeptdrift braucht --target und --prediction</translation>
    </message>
    <message>
        <source>--task takes classification or regression, not &apos;%1&apos;</source>
        <translation>--task erwartet classification oder regression, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--model goes with --save</source>
        <translation>--model gehört zu --save</translation>
    </message>
    <message>
        <source>--model takes NAME:VERSION or NAME@ALIAS, not &apos;%1&apos;</source>
        <translation>--model erwartet NAME:VERSION oder NAME@ALIAS, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Per chunk of rows:</source>
        <translation>Pro Zeilenblock:</translation>
    </message>
    <message>
        <source>Model quality (%1, %2 of %3 against %4): reference %5, alert outside [%6, %7]</source>
        <translation>Modellqualität (%1, %2 von %3 gegen %4): Referenz %5, Alarm außerhalb [%6, %7]</translation>
    </message>
    <message>
        <source>ALERT</source>
        <translation>ALARM</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>Saved as drift report %1.</source>
        <translation>Als Driftbericht %1 gespeichert.</translation>
    </message>
    <message>
        <source>--id takes a report number, not &apos;%1&apos;</source>
        <translation>--id erwartet eine Berichtsnummer, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>, DATASET DRIFT</source>
        <translation>, DATENSATZDRIFT</translation>
    </message>
    <message>
        <source>, %1 quality alerts</source>
        <translation>, %1 Qualitätsalarme</translation>
    </message>
    <message>
        <source>No drift reports kept yet: run keel drift REF CUR --save.</source>
        <translation>Noch keine Driftberichte gespeichert: keel drift REF CUR --save ausführen.</translation>
    </message>
    <message>
        <source>With --save: link the report to a model version, NAME:VERSION or NAME@ALIAS (with &apos;reports&apos;: only its reports).</source>
        <translation>Mit --save: den Bericht mit einer Modellversion verknüpfen, NAME:VERSION oder NAME@ALIAS (mit &apos;reports&apos;: nur deren Berichte).</translation>
    </message>
    <message>
        <source>With &apos;reports&apos;: print the JSON of this stored report.</source>
        <translation>Mit &apos;reports&apos;: das JSON dieses gespeicherten Berichts ausgeben.</translation>
    </message>
    <message>
        <source>Training-serving skew: the same features computed offline and online, joined on a key</source>
        <translation>Training-Serving-Skew: dieselben Merkmale offline und online berechnet, über einen Schlüssel verbunden</translation>
    </message>
    <message>
        <source>OFFLINE ONLINE: the same features computed for training and at serving time, joined on --key. Per feature: the share of rows that disagree, the largest difference, and a distribution test. Exit code 1 when a feature is skewed.</source>
        <translation>OFFLINE ONLINE: dieselben Merkmale, fürs Training und zur Auslieferung berechnet, über --key verbunden. Pro Merkmal: der Anteil abweichender Zeilen, die größte Differenz und ein Verteilungstest. Exit-Code 1, wenn ein Merkmal abweicht.</translation>
    </message>
    <message>
        <source>The entity id column that joins the two files.</source>
        <translation>Die Entitäts-ID-Spalte, die beide Dateien verbindet.</translation>
    </message>
    <message>
        <source>Only these features (comma-separated).</source>
        <translation>Nur diese Merkmale (kommagetrennt).</translation>
    </message>
    <message>
        <source>Numbers agree when |a - b| ≤ T + 1e-6·|b| (default 1e-9).</source>
        <translation>Zahlen stimmen überein, wenn |a - b| ≤ T + 1e-6·|b| (Vorgabe 1e-9).</translation>
    </message>
    <message>
        <source>A feature is skewed when more than this share of rows disagree (default 0.01).</source>
        <translation>Ein Merkmal weicht ab, wenn mehr als dieser Anteil der Zeilen abweicht (Vorgabe 0.01).</translation>
    </message>
    <message>
        <source>Judge by disagreement only, without the distribution test.</source>
        <translation>Nur nach Abweichungen urteilen, ohne Verteilungstest.</translation>
    </message>
    <message>
        <source>features as computed for training (CSV, TSV or .jsonl)</source>
        <translation>Merkmale wie fürs Training berechnet (CSV, TSV oder .jsonl)</translation>
    </message>
    <message>
        <source>the same features as logged at serving time</source>
        <translation>dieselben Merkmale, wie bei der Auslieferung protokolliert</translation>
    </message>
    <message>
        <source>usage: keel skew OFFLINE ONLINE --key COLUMN [--columns LIST] [--tolerance T] [--max-mismatch S] [--json]</source>
        <translation>Aufruf: keel skew OFFLINE ONLINE --key SPALTE [--columns LISTE] [--tolerance T] [--max-mismatch S] [--json]</translation>
    </message>
    <message>
        <source>--tolerance takes a number ≥ 0, not &apos;%1&apos;</source>
        <translation>--tolerance erwartet eine Zahl ≥ 0, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--max-mismatch takes a share in [0, 1], not &apos;%1&apos;</source>
        <translation>--max-mismatch erwartet einen Anteil in [0, 1], nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1 keys in both (%2 offline only, %3 online only; %4 repeated keys, %5 rows without a key)</source>
        <translation>%1 Schlüssel in beiden (%2 nur offline, %3 nur online; %4 wiederholte Schlüssel, %5 Zeilen ohne Schlüssel)</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation>Abweichung</translation>
    </message>
    <message>
        <source>max |diff|</source>
        <translation>max |Diff|</translation>
    </message>
    <message>
        <source>skew</source>
        <translation>Skew</translation>
    </message>
    <message>
        <source>SKEW (e.g. key %1)</source>
        <translation>SKEW (z. B. Schlüssel %1)</translation>
    </message>
    <message>
        <source>%1 of %2 features skewed.</source>
        <translation>%1 von %2 Merkmalen weichen ab.</translation>
    </message>
    <message>
        <source>REFERENCE CURRENT: compare two CSV, TSV or JSON Lines files column by column (KS, chi-square, z, Wasserstein or Jensen-Shannon, chosen as Evidently does), with multivariate drift (PCA reconstruction error) and, given --target and --prediction, model quality. Exit code 1 when the share of drifted columns reaches --share, or a window&apos;s multivariate or quality score leaves its reference band.</source>
        <translation>REFERENZ AKTUELL: zwei CSV-, TSV- oder JSON-Lines-Dateien Spalte für Spalte vergleichen (KS, Chi-Quadrat, z, Wasserstein oder Jensen-Shannon, gewählt wie in Evidently), mit multivariater Drift (PCA-Rekonstruktionsfehler) und, mit --target und --prediction, der Modellqualität. Exit-Code 1, wenn der Anteil driftender Spalten --share erreicht oder ein Fenster mit seinem multivariaten oder Qualitätswert das Referenzband verlässt.</translation>
    </message>
    <message>
        <source>Leave out the multivariate (PCA) check.</source>
        <translation>Die multivariate Prüfung (PCA) auslassen.</translation>
    </message>
    <message>
        <source>Multivariate drift (PCA reconstruction error, %1 components keep %2% of the variance): reference %3, alert outside [%4, %5]</source>
        <translation>Multivariate Drift (PCA-Rekonstruktionsfehler, %1 Komponenten behalten %2% der Varianz): Referenz %3, Alarm außerhalb [%4, %5]</translation>
    </message>
    <message>
        <source>Profile &quot;%1&quot;: %2 rows, %3 columns from %4. Use it as the reference: keel drift profile:%1 CURRENT</source>
        <translation>Profil „%1“: %2 Zeilen, %3 Spalten aus %4. Als Referenz verwenden: keel drift profile:%1 AKTUELL</translation>
    </message>
    <message>
        <source>No reference profiles yet: keel drift profile REFERENCE --name NAME.</source>
        <translation>Noch keine Referenzprofile: keel drift profile REFERENZ --name NAME.</translation>
    </message>
    <message>
        <source>With &apos;profile&apos;: the profile&apos;s name (default: the file&apos;s name).</source>
        <translation>Mit &apos;profile&apos;: der Name des Profils (Vorgabe: der Dateiname).</translation>
    </message>
    <message>
        <source>the reference data (CSV or TSV with a header row, or .jsonl), or profile:NAME</source>
        <translation>die Referenzdaten (CSV oder TSV mit Kopfzeile, oder .jsonl), oder profile:NAME</translation>
    </message>
    <message>
        <source>usage: keel drift REFERENCE CURRENT [--columns LIST] [--exclude LIST] [--threshold T] [--share S] [--time-column C [--period P] | --chunks N] [--target T --prediction P] [--save [--model M]] [--json]
       keel drift reports [--model M] [--id N] [--json]
       keel drift profile REFERENCE [--name NAME]   keel drift profiles</source>
        <translation>Aufruf: keel drift REFERENZ AKTUELL [--columns LISTE] [--exclude LISTE] [--threshold T] [--share S] [--time-column C [--period P] | --chunks N] [--target T --prediction P] [--save [--model M]] [--json]
       keel drift reports [--model M] [--id N] [--json]
       keel drift profile REFERENZ [--name NAME]   keel drift profiles</translation>
    </message>
    <message>
        <source>Sentence embeddings of each line of a file, with a local encoder model</source>
        <translation>Satz-Embeddings jeder Zeile einer Datei, mit einem lokalen Encoder-Modell</translation>
    </message>
    <message>
        <source>The local models found: format, size, quantisation</source>
        <translation>Die gefundenen lokalen Modelle: Format, Größe, Quantisierung</translation>
    </message>
    <message>
        <source>The local models Keel finds: the models cache (scripts/fetch-models.sh), the Hugging Face hub cache and folders given with --folder.</source>
        <translation>Die lokalen Modelle, die Keel findet: der Modell-Cache (scripts/fetch-models.sh), der Hugging-Face-Hub-Cache und mit --folder angegebene Ordner.</translation>
    </message>
    <message>
        <source>Also look in this folder (repeatable).</source>
        <translation>Auch in diesem Ordner suchen (wiederholbar).</translation>
    </message>
    <message>
        <source>No models found in:</source>
        <translation>Keine Modelle gefunden in:</translation>
    </message>
    <message>
        <source>scripts/fetch-models.sh fetches SmolLM2-135M-Instruct and all-MiniLM-L6-v2 into the first.</source>
        <translation>scripts/fetch-models.sh lädt SmolLM2-135M-Instruct und all-MiniLM-L6-v2 in den ersten.</translation>
    </message>
    <message>
        <source>MODEL FILE: a sentence embedding for each line of FILE, as JSON lines ({&quot;text&quot;, &quot;embedding&quot;}). MODEL is a sentence-transformers folder or a name keel models lists.</source>
        <translation>MODELL DATEI: ein Satz-Embedding für jede Zeile von DATEI, als JSON Lines ({&quot;text&quot;, &quot;embedding&quot;}). MODELL ist ein sentence-transformers-Ordner oder ein Name, den keel models auflistet.</translation>
    </message>
    <message>
        <source>Also look for models in this folder (repeatable).</source>
        <translation>Auch in diesem Ordner nach Modellen suchen (wiederholbar).</translation>
    </message>
    <message>
        <source>Texts per batch (default 64).</source>
        <translation>Texte pro Stapel (Vorgabe 64).</translation>
    </message>
    <message>
        <source>Write the JSON lines to FILE instead of standard output.</source>
        <translation>Die JSON Lines nach DATEI statt auf die Standardausgabe schreiben.</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>das Modell</translation>
    </message>
    <message>
        <source>text, one input per line</source>
        <translation>Text, eine Eingabe pro Zeile</translation>
    </message>
    <message>
        <source>usage: keel embed MODEL FILE [--batch N] [--output FILE]</source>
        <translation>Aufruf: keel embed MODELL DATEI [--batch N] [--output DATEI]</translation>
    </message>
    <message>
        <source>--batch takes a whole number of at least 1, not &apos;%1&apos;</source>
        <translation>--batch erwartet eine ganze Zahl ab 1, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1 texts (%2 tokens) embedded in %3 s: %4 embeddings/s, %5 tokens/s (batch %6, model loaded in %7 ms)</source>
        <translation>%1 Texte (%2 Tokens) in %3 s eingebettet: %4 Embeddings/s, %5 Tokens/s (Stapel %6, Modell in %7 ms geladen)</translation>
    </message>
    <message>
        <source>Generate text with a local GGUF model, streamed</source>
        <translation>Text mit einem lokalen GGUF-Modell erzeugen, gestreamt</translation>
    </message>
    <message>
        <source>MODEL PROMPT: text generated by a local GGUF model, streamed as it comes. An instruct model&apos;s chat template wraps the prompt unless --raw is given.</source>
        <translation>MODELL PROMPT: von einem lokalen GGUF-Modell erzeugter Text, gestreamt, sobald er entsteht. Die Chat-Vorlage eines Instruct-Modells umschließt den Prompt, außer mit --raw.</translation>
    </message>
    <message>
        <source>Stop after N tokens (default 128).</source>
        <translation>Nach N Tokens anhalten (Vorgabe 128).</translation>
    </message>
    <message>
        <source>Sampling temperature; 0 is greedy (default 0).</source>
        <translation>Sampling-Temperatur; 0 ist gierig (Vorgabe 0).</translation>
    </message>
    <message>
        <source>Sample among the K likeliest tokens.</source>
        <translation>Unter den K wahrscheinlichsten Tokens ziehen.</translation>
    </message>
    <message>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <source>Sample among the likeliest tokens whose probabilities reach P.</source>
        <translation>Unter den wahrscheinlichsten Tokens ziehen, deren Wahrscheinlichkeiten P erreichen.</translation>
    </message>
    <message>
        <source>Penalise tokens already seen (1 is none).</source>
        <translation>Schon gesehene Tokens bestrafen (1 ist keine Strafe).</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Random seed for sampling (default 0).</source>
        <translation>Zufallsstartwert fürs Sampling (Vorgabe 0).</translation>
    </message>
    <message>
        <source>Stop before this text (repeatable).</source>
        <translation>Vor diesem Text anhalten (wiederholbar).</translation>
    </message>
    <message>
        <source>A system message for the chat template.</source>
        <translation>Eine Systemnachricht für die Chat-Vorlage.</translation>
    </message>
    <message>
        <source>Give the prompt to the model as it is, without the chat template.</source>
        <translation>Den Prompt unverändert, ohne Chat-Vorlage, an das Modell geben.</translation>
    </message>
    <message>
        <source>Print the result and its metrics as JSON instead of streaming.</source>
        <translation>Ergebnis und Messwerte als JSON ausgeben statt zu streamen.</translation>
    </message>
    <message>
        <source>a .gguf file or a name keel models lists</source>
        <translation>eine .gguf-Datei oder ein Name, den keel models auflistet</translation>
    </message>
    <message>
        <source>the prompt</source>
        <translation>der Prompt</translation>
    </message>
    <message>
        <source>usage: keel generate MODEL PROMPT [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S] [--stop TEXT] [--raw] [--json]</source>
        <translation>Aufruf: keel generate MODELL PROMPT [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S] [--stop TEXT] [--raw] [--json]</translation>
    </message>
    <message>
        <source>keel: --%1 takes a number in [%2, %3], not &apos;%4&apos;</source>
        <translation>keel: --%1 erwartet eine Zahl in [%2, %3], nicht &apos;%4&apos;</translation>
    </message>
    <message>
        <source>%1: %2 prompt tokens, %3 generated (%4); first token after %5 ms, then %6 tokens/s; model loaded in %7 ms</source>
        <translation>%1: %2 Prompt-Tokens, %3 erzeugt (%4); erstes Token nach %5 ms, dann %6 Tokens/s; Modell in %7 ms geladen</translation>
    </message>
    <message>
        <source>cpu (the default), cuda or cuda:N.</source>
        <translation>cpu (Voreinstellung), cuda oder cuda:N.</translation>
    </message>
    <message>
        <source>DEVICE</source>
        <translation>GERÄT</translation>
    </message>
    <message>
        <source>Validate and run pipeline files (train, evaluate, gate, register)</source>
        <translation>Pipeline-Dateien prüfen und ausführen (trainieren, bewerten, freigeben, registrieren)</translation>
    </message>
    <message>
        <source>%1: valid (%2 nodes, %3 links)</source>
        <translation>%1: gültig (%2 Knoten, %3 Verbindungen)</translation>
    </message>
    <message>
        <source>Pipeline %1 succeeded in %2 s (%3 of %4 nodes from the cache); run %5 in Experiments</source>
        <translation>Pipeline %1 erfolgreich in %2 s (%3 von %4 Knoten aus dem Cache); Lauf %5 in Experimente</translation>
    </message>
    <message>
        <source>Pipeline %1 did not succeed in %2 s (%3 of %4 nodes from the cache); run %5 in Experiments</source>
        <translation>Pipeline %1 nicht erfolgreich in %2 s (%3 von %4 Knoten aus dem Cache); Lauf %5 in Experimente</translation>
    </message>
    <message>
        <source>run: run every node, reusing no cached outputs.</source>
        <translation>run: jeden Knoten ausführen, keine Ausgaben aus dem Cache verwenden.</translation>
    </message>
    <message>
        <source>%1 has no triggers (schedule, files or drift) to watch</source>
        <translation>%1 hat keine Auslöser (schedule, files oder drift) zum Beobachten</translation>
    </message>
    <message>
        <source>--poll takes seconds, not &apos;%1&apos;</source>
        <translation>--poll nimmt Sekunden, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>watching %1 (%2), every %3 s</source>
        <translation>beobachte %1 (%2), alle %3 s</translation>
    </message>
    <message>
        <source>next scheduled run: %1</source>
        <translation>nächster geplanter Lauf: %1</translation>
    </message>
    <message>
        <source>keel: checking the triggers failed: %1</source>
        <translation>keel: Prüfen der Auslöser fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>triggered (%1): %2</source>
        <translation>ausgelöst (%1): %2</translation>
    </message>
    <message>
        <source>run %1 succeeded in %2 s</source>
        <translation>Lauf %1 erfolgreich in %2 s</translation>
    </message>
    <message>
        <source>run %1 did not succeed: %2 %3</source>
        <translation>Lauf %1 nicht erfolgreich: %2 %3</translation>
    </message>
    <message>
        <source>run not started: %1</source>
        <translation>Lauf nicht gestartet: %1</translation>
    </message>
    <message>
        <source>stopped watching %1</source>
        <translation>Beobachtung von %1 beendet</translation>
    </message>
    <message>
        <source>watch: seconds between looks at the triggers (default 30).</source>
        <translation>watch: Sekunden zwischen zwei Blicken auf die Auslöser (Vorgabe 30).</translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation>SEKUNDEN</translation>
    </message>
    <message>
        <source>watch: stop after this many triggered runs.</source>
        <translation>watch: nach so vielen ausgelösten Läufen aufhören.</translation>
    </message>
    <message>
        <source>running each node as a job on the Ray %1 head at %2</source>
        <translation>jeder Knoten läuft als Job auf dem Ray-%1-Head unter %2</translation>
    </message>
    <message>
        <source>run-node needs --node ID</source>
        <translation>run-node braucht --node ID</translation>
    </message>
    <message>
        <source>export needs --format argo or --format kfp, not &apos;%1&apos;</source>
        <translation>export braucht --format argo oder --format kfp, nicht „%1“</translation>
    </message>
    <message>
        <source>validate FILE | run FILE [--no-cache] [--on ray://HOST:PORT] | run-node FILE --node ID [--run KEY] | export FILE --format argo|kfp | watch FILE [--poll SECONDS] | runs | types</source>
        <translation>validate DATEI | run DATEI [--no-cache] [--on ray://HOST:PORT] | run-node DATEI --node ID [--run SCHLÜSSEL] | export DATEI --format argo|kfp | watch DATEI [--poll SEKUNDEN] | runs | types</translation>
    </message>
    <message>
        <source>run: run each node as a job on this Ray cluster (its dashboard&apos;s address).</source>
        <translation>run: jeden Knoten als Job auf diesem Ray-Cluster ausführen (Adresse seines Dashboards).</translation>
    </message>
    <message>
        <source>ray://HOST:PORT</source>
        <translation>ray://HOST:PORT</translation>
    </message>
    <message>
        <source>run --on: the keel binary as the cluster finds it (default: this one).</source>
        <translation>run --on: das keel-Programm, wie der Cluster es findet (Vorgabe: dieses).</translation>
    </message>
    <message>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>run --on: the workspace as the cluster finds it (default: this one).</source>
        <translation>run --on: der Arbeitsbereich, wie der Cluster ihn findet (Vorgabe: dieser).</translation>
    </message>
    <message>
        <source>run-node: the node to run.</source>
        <translation>run-node: der auszuführende Knoten.</translation>
    </message>
    <message>
        <source>run-node: the run this node belongs to (where never-cached nodes keep their outputs).</source>
        <translation>run-node: der Lauf, zu dem dieser Knoten gehört (dort legen nie zwischengespeicherte Knoten ihre Ausgaben ab).</translation>
    </message>
    <message>
        <source>KEY</source>
        <translation>SCHLÜSSEL</translation>
    </message>
    <message>
        <source>export: argo (an Argo Workflows Workflow) or kfp (Kubeflow Pipelines IR YAML).</source>
        <translation>export: argo (ein Argo-Workflows-Workflow) oder kfp (Kubeflow-Pipelines-IR-YAML).</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMAT</translation>
    </message>
    <message>
        <source>export: the container image with keel in it (default keel:latest).</source>
        <translation>export: das Container-Image mit keel darin (Vorgabe keel:latest).</translation>
    </message>
    <message>
        <source>IMAGE</source>
        <translation>IMAGE</translation>
    </message>
    <message>
        <source>export: the PersistentVolumeClaim holding the workspace (default keel-workspace).</source>
        <translation>export: der PersistentVolumeClaim mit dem Arbeitsbereich (Vorgabe keel-workspace).</translation>
    </message>
    <message>
        <source>export: where the workspace is mounted in the containers (default /workspace).</source>
        <translation>export: wo der Arbeitsbereich in den Containern eingehängt ist (Vorgabe /workspace).</translation>
    </message>
    <message>
        <source>export: the pipeline file inside the containers (default WORKSPACE/pipelines/NAME.yaml).</source>
        <translation>export: die Pipeline-Datei in den Containern (Vorgabe ARBEITSBEREICH/pipelines/NAME.yaml).</translation>
    </message>
    <message>
        <source>export: write to this file instead of standard output.</source>
        <translation>export: in diese Datei statt auf die Standardausgabe schreiben.</translation>
    </message>
    <message>
        <source>validate, run, run-node, export, watch, runs or types</source>
        <translation>validate, run, run-node, export, watch, runs oder types</translation>
    </message>
    <message>
        <source>usage: keel pipeline validate FILE | run FILE | run-node FILE --node ID | export FILE --format argo|kfp | watch FILE | runs | types</source>
        <translation>Aufruf: keel pipeline validate DATEI | run DATEI | run-node DATEI --node ID | export DATEI --format argo|kfp | watch DATEI | runs | types</translation>
    </message>
    <message>
        <source>Serve models over OpenAI&apos;s API and KServe&apos;s v2 protocol (registry models by alias)</source>
        <translation>Modelle über die OpenAI-API und KServes v2-Protokoll bereitstellen (Registry-Modelle per Alias)</translation>
    </message>
    <message>
        <source>MODEL|registry:NAME@ALIAS ...: serve language models (GGUF) over OpenAI&apos;s API, sentence encoders over /v1/embeddings, and registry models over KServe&apos;s v2 protocol, following the alias. SIGTERM drains and stops.</source>
        <translation>MODELL|registry:NAME@ALIAS ...: Sprachmodelle (GGUF) über die OpenAI-API, Satz-Encoder über /v1/embeddings und Registry-Modelle über KServes v2-Protokoll bereitstellen, dem Alias folgend. SIGTERM lässt laufende Anfragen zu Ende laufen und beendet.</translation>
    </message>
    <message>
        <source>The address to listen on (default 127.0.0.1; another needs --api-key-env).</source>
        <translation>Die Adresse, auf der gelauscht wird (Vorgabe 127.0.0.1; eine andere braucht --api-key-env).</translation>
    </message>
    <message>
        <source>HOST</source>
        <translation>HOST</translation>
    </message>
    <message>
        <source>The port (default 8080; 0: any free one).</source>
        <translation>Der Port (Vorgabe 8080; 0: irgendein freier).</translation>
    </message>
    <message>
        <source>PORT</source>
        <translation>PORT</translation>
    </message>
    <message>
        <source>Require &quot;Authorization: Bearer KEY&quot;, KEY read from this environment variable.</source>
        <translation>„Authorization: Bearer KEY“ verlangen, KEY aus dieser Umgebungsvariable.</translation>
    </message>
    <message>
        <source>VAR</source>
        <translation>VAR</translation>
    </message>
    <message>
        <source>Generation requests in hand at most; more get 429 (default 64).</source>
        <translation>Höchstens so viele Generierungsanfragen gleichzeitig; weitere erhalten 429 (Vorgabe 64).</translation>
    </message>
    <message>
        <source>Sequences decoding together per language model (default 16).</source>
        <translation>Gemeinsam dekodierte Sequenzen pro Sprachmodell (Vorgabe 16).</translation>
    </message>
    <message>
        <source>Seconds a language model may sit unused before it leaves memory (default 900).</source>
        <translation>Sekunden, die ein Sprachmodell ungenutzt bleiben darf, bevor es den Speicher verlässt (Vorgabe 900).</translation>
    </message>
    <message>
        <source>a .gguf file, an encoder folder, a name keel models lists, or registry:NAME@ALIAS</source>
        <translation>eine .gguf-Datei, ein Encoder-Ordner, ein Name, den keel models auflistet, oder registry:NAME@ALIAS</translation>
    </message>
    <message>
        <source>usage: keel serve MODEL|registry:NAME@ALIAS ... [--host H] [--port P] [--api-key-env VAR] [--max-queue N]</source>
        <translation>Aufruf: keel serve MODELL|registry:NAME@ALIAS ... [--host H] [--port P] [--api-key-env VAR] [--max-queue N]</translation>
    </message>
    <message>
        <source>--%1 takes a whole number in [%2, %3], not &apos;%4&apos;</source>
        <translation>--%1 erwartet eine ganze Zahl in [%2, %3], nicht &apos;%4&apos;</translation>
    </message>
    <message>
        <source>--api-key-env %1: that environment variable is empty or not set</source>
        <translation>--api-key-env %1: diese Umgebungsvariable ist leer oder nicht gesetzt</translation>
    </message>
    <message>
        <source>serving %1</source>
        <translation>stelle %1 bereit</translation>
    </message>
    <message>
        <source>listening on %1 (OpenAI: %1/v1, KServe v2: %1/v2, metrics: %1/metrics); SIGTERM drains and stops</source>
        <translation>lausche auf %1 (OpenAI: %1/v1, KServe v2: %1/v2, Metriken: %1/metrics); SIGTERM lässt laufende Anfragen zu Ende laufen und beendet</translation>
    </message>
    <message>
        <source>draining: finishing the requests in flight</source>
        <translation>laufende Anfragen werden zu Ende geführt</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>Run a file of OpenAI Batch API requests on a local model, resumably</source>
        <translation>Eine Datei mit OpenAI-Batch-API-Anfragen auf einem lokalen Modell ausführen, fortsetzbar</translation>
    </message>
    <message>
        <source>MODEL INPUT.jsonl OUTPUT.jsonl: run a file of OpenAI Batch API requests (custom_id, method, url, body) on a local model and write OpenAI&apos;s batch output lines; run it again to resume after an interruption.</source>
        <translation>MODELL EINGABE.jsonl AUSGABE.jsonl: eine Datei mit OpenAI-Batch-API-Anfragen (custom_id, method, url, body) auf einem lokalen Modell ausführen und OpenAIs Batch-Ausgabezeilen schreiben; nach einer Unterbrechung erneut aufrufen, um fortzusetzen.</translation>
    </message>
    <message>
        <source>Requests at once, sharing the model&apos;s batch (default 16).</source>
        <translation>Gleichzeitige Anfragen, die sich den Batch des Modells teilen (Vorgabe 16).</translation>
    </message>
    <message>
        <source>Print the summary as JSON.</source>
        <translation>Die Zusammenfassung als JSON ausgeben.</translation>
    </message>
    <message>
        <source>a .gguf file, an encoder folder, or a name keel models lists</source>
        <translation>eine .gguf-Datei, ein Encoder-Ordner oder ein Name, den keel models auflistet</translation>
    </message>
    <message>
        <source>the requests, one JSON object per line</source>
        <translation>die Anfragen, ein JSON-Objekt pro Zeile</translation>
    </message>
    <message>
        <source>where the results go (appended; existing results are kept)</source>
        <translation>wohin die Ergebnisse kommen (angehängt; vorhandene bleiben erhalten)</translation>
    </message>
    <message>
        <source>usage: keel batch MODEL INPUT.jsonl OUTPUT.jsonl [--concurrency N] [--json]</source>
        <translation>Aufruf: keel batch MODELL EINGABE.jsonl AUSGABE.jsonl [--concurrency N] [--json]</translation>
    </message>
    <message>
        <source>--concurrency takes a whole number in [1, 1024], not &apos;%1&apos;</source>
        <translation>--concurrency erwartet eine ganze Zahl in [1, 1024], nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1 of %2 requests done</source>
        <translation>%1 von %2 Anfragen erledigt</translation>
    </message>
    <message>
        <source>%1 requests: %2 answered now, %3 failed, %4 already done; %5 s</source>
        <translation>%1 Anfragen: %2 jetzt beantwortet, %3 fehlgeschlagen, %4 schon erledigt; %5 s</translation>
    </message>
    <message>
        <source>list | show MODEL | register MODEL FILE [--run RUN_ID] [--description TEXT | --description-file FILE] | describe MODEL [VERSION] (--description TEXT | --description-file FILE) | alias MODEL ALIAS VERSION | unalias MODEL ALIAS | rollback MODEL ALIAS | stage MODEL VERSION STAGE [--archive-existing] | history MODEL | verify MODEL[@ALIAS|/VERSION] | download MODEL[@ALIAS|/VERSION] DEST</source>
        <translation>list | show MODELL | register MODELL DATEI [--run RUN_ID] [--description TEXT | --description-file DATEI] | describe MODELL [VERSION] (--description TEXT | --description-file DATEI) | alias MODELL ALIAS VERSION | unalias MODELL ALIAS | rollback MODELL ALIAS | stage MODELL VERSION STUFE [--archive-existing] | history MODELL | verify MODELL[@ALIAS|/VERSION] | download MODELL[@ALIAS|/VERSION] ZIEL</translation>
    </message>
    <message>
        <source>register, describe: a description (Markdown).</source>
        <translation>register, describe: eine Beschreibung (Markdown).</translation>
    </message>
    <message>
        <source>register, describe: the description from a file (- reads standard input).</source>
        <translation>register, describe: die Beschreibung aus einer Datei (- liest die Standardeingabe).</translation>
    </message>
    <message>
        <source>usage: keel registry list|show|register|describe|alias|unalias|rollback|stage|history|verify|download ...</source>
        <translation>Aufruf: keel registry list|show|register|describe|alias|unalias|rollback|stage|history|verify|download ...</translation>
    </message>
    <message>
        <source>describe needs --description TEXT or --description-file FILE</source>
        <translation>describe braucht --description TEXT oder --description-file DATEI</translation>
    </message>
    <message>
        <source>Described %1 version %2 (%3 bytes)</source>
        <translation>Beschreibung von %1 Version %2 gesetzt (%3 Bytes)</translation>
    </message>
    <message>
        <source>Described %1 (%2 bytes)</source>
        <translation>Beschreibung von %1 gesetzt (%2 Bytes)</translation>
    </message>
    <message>
        <source>damaged: %1</source>
        <translation>beschädigt: %1</translation>
    </message>
    <message>
        <source>ok: %1 version %2 matches its registered artifact %3</source>
        <translation>ok: %1 Version %2 stimmt mit ihrem registrierten Artefakt %3 überein</translation>
    </message>
    <message>
        <source>keel: refused: %1</source>
        <translation>keel: abgelehnt: %1</translation>
    </message>
    <message>
        <source>%1 version %2 (artifact %3) written to %4</source>
        <translation>%1 Version %2 (Artefakt %3) nach %4 geschrieben</translation>
    </message>
    <message>
        <source>usage: keel registry list|show MODEL|register MODEL FILE|describe MODEL [VERSION]|alias MODEL ALIAS VERSION|unalias MODEL ALIAS|rollback MODEL ALIAS|stage MODEL VERSION STAGE|history MODEL|verify MODEL[@ALIAS|/VERSION]|download MODEL[@ALIAS|/VERSION] DEST</source>
        <translation>Aufruf: keel registry list|show MODELL|register MODELL DATEI|describe MODELL [VERSION]|alias MODELL ALIAS VERSION|unalias MODELL ALIAS|rollback MODELL ALIAS|stage MODELL VERSION STUFE|history MODELL|verify MODELL[@ALIAS|/VERSION]|download MODELL[@ALIAS|/VERSION] ZIEL</translation>
    </message>
    <message>
        <source>removed %1 partial file(s), %2, that interrupted writes left in artifacts/tmp</source>
        <translation>%1 unvollständige Datei(en), %2, entfernt, die abgebrochene Schreibvorgänge in artifacts/tmp hinterlassen hatten</translation>
    </message>
    <message>
        <source>reference: %1</source>
        <translation>Verweis: %1</translation>
    </message>
    <message>
        <source>history: %1</source>
        <translation>Verlauf: %1</translation>
    </message>
    <message>
        <source>ok: database intact; artifacts checked: %1, all match their hashes; references checked: %2; registry history: %3 entries, the chain holds</source>
        <translation>ok: Datenbank intakt; Artefakte geprüft: %1, alle stimmen mit ihren Hashes überein; Verweise geprüft: %2; Registry-Verlauf: %3 Einträge, die Kette hält</translation>
    </message>
    <message>
        <source>(%1 history entries are from before the chain; they are sealed on the next registry change)</source>
        <translation>(%1 Verlaufseinträge stammen aus der Zeit vor der Kette; sie werden bei der nächsten Registry-Änderung versiegelt)</translation>
    </message>
    <message>
        <source>List and show experiments</source>
        <translation>Experimente auflisten und zeigen</translation>
    </message>
    <message>
        <source>List, search, show and compare runs, and a metric&apos;s history</source>
        <translation>Läufe auflisten, suchen, zeigen und vergleichen, und den Verlauf einer Metrik</translation>
    </message>
    <message>
        <source>list, search, show, compare or history</source>
        <translation>list, search, show, compare oder history</translation>
    </message>
    <message>
        <source>step %1  %2  (%3)</source>
        <translation>Schritt %1  %2  (%3)</translation>
    </message>
    <message>
        <source>usage: keel runs list|search FILTER|show RUN_ID|compare RUN_ID RUN_ID...|history RUN_ID KEY</source>
        <translation>Aufruf: keel runs list|search FILTER|show RUN_ID|compare RUN_ID RUN_ID...|history RUN_ID SCHLÜSSEL</translation>
    </message>
    <message>
        <source>list: the workspace&apos;s experiments. show ID|NAME: one, with its tags. --json as MLflow&apos;s REST API.</source>
        <translation>list: die Experimente des Arbeitsbereichs. show ID|NAME: eines, mit seinen Tags. --json wie MLflows REST-API.</translation>
    </message>
    <message>
        <source>list or show</source>
        <translation>list oder show</translation>
    </message>
    <message>
        <source>usage: keel experiments list|show ID</source>
        <translation>Aufruf: keel experiments list|show ID</translation>
    </message>
    <message>
        <source>--view is active, deleted or all, not &apos;%1&apos;</source>
        <translation>--view ist active, deleted oder all, nicht „%1“</translation>
    </message>
    <message>
        <source>  artifacts: %1</source>
        <translation>  Artefakte: %1</translation>
    </message>
    <message>
        <source>RAG indexes: build (chunk, embed, index), query, measure recall and latency</source>
        <translation>RAG-Indizes: bauen (zerlegen, einbetten, indizieren), abfragen, Recall und Latenz messen</translation>
    </message>
    <message>
        <source>recall@%1 %2 against exact search (%3 queries)  latency p50 %4 ms  p95 %5 ms  p99 %6 ms  QPS %7 (1 thread) %8 (all)  %9 bytes/vector</source>
        <translation>Recall@%1 %2 gegen die exakte Suche (%3 Abfragen)  Latenz p50 %4 ms  p95 %5 ms  p99 %6 ms  QPS %7 (1 Thread) %8 (alle)  %9 Bytes/Vektor</translation>
    </message>
    <message>
        <source>Built %1 v%2 in %3 s: %4 files (%5 unchanged), %6 chunks, %7 embedded (%8 reused)</source>
        <translation>%1 v%2 in %3 s gebaut: %4 Dateien (%5 unverändert), %6 Chunks, %7 eingebettet (%8 wiederverwendet)</translation>
    </message>
    <message>
        <source>  read and chunked in %1 s, embedded in %2 s (%3 chunks/s), index built in %4 s, %5</source>
        <translation>  gelesen und zerlegt in %1 s, eingebettet in %2 s (%3 Chunks/s), Index gebaut in %4 s, %5</translation>
    </message>
    <message>
        <source>  skipped %1: %2</source>
        <translation>  übersprungen %1: %2</translation>
    </message>
    <message>
        <source>, page %1</source>
        <translation>, Seite %1</translation>
    </message>
    <message>
        <source>No chunks match.</source>
        <translation>Keine Chunks passen.</translation>
    </message>
    <message>
        <source>%1 labelled queries, by %2 (trec_eval&apos;s definitions):</source>
        <translation>%1 bewertete Abfragen, nach %2 (Definitionen von trec_eval):</translation>
    </message>
    <message>
        <source>source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>chunk</source>
        <translation>Chunk</translation>
    </message>
    <message>
        <source>  hit rate@%1 %2  MRR %3  nDCG@%1 %4  precision@%1 %5  recall@%1 %6  MAP %7</source>
        <translation>  Trefferquote@%1 %2  MRR %3  nDCG@%1 %4  Präzision@%1 %5  Recall@%1 %6  MAP %7</translation>
    </message>
    <message>
        <source>index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>recall@%1</source>
        <translation>Recall@%1</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>QPS(1)</source>
        <translation>QPS(1)</translation>
    </message>
    <message>
        <source>QPS(all)</source>
        <translation>QPS(alle)</translation>
    </message>
    <message>
        <source>B/vec</source>
        <translation>B/Vek</translation>
    </message>
    <message>
        <source>* on the Pareto front of recall against QPS (all threads)</source>
        <translation>* auf der Pareto-Front von Recall gegen QPS (alle Threads)</translation>
    </message>
    <message>
        <source>No indexes yet: keel rag build FOLDER makes one.</source>
        <translation>Noch keine Indizes: keel rag build ORDNER baut einen.</translation>
    </message>
    <message>
        <source>recall@%1 %2</source>
        <translation>Recall@%1 %2</translation>
    </message>
    <message>
        <source>build: the index&apos;s name (default: the folder&apos;s or the config&apos;s).</source>
        <translation>build: der Name des Index (Vorgabe: der des Ordners oder der Konfiguration).</translation>
    </message>
    <message>
        <source>build: tokens, recursive (the default), sentence or markdown.</source>
        <translation>build: tokens, recursive (Vorgabe), sentence oder markdown.</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>ART</translation>
    </message>
    <message>
        <source>build: chunk size (characters for recursive and markdown, tokens otherwise).</source>
        <translation>build: Chunk-Größe (Zeichen bei recursive und markdown, sonst Token).</translation>
    </message>
    <message>
        <source>build: overlap between chunks, in the same unit.</source>
        <translation>build: Überlappung zwischen Chunks, in derselben Einheit.</translation>
    </message>
    <message>
        <source>build: flat, hnsw (the default), ivf-flat or ivf-pq.</source>
        <translation>build: flat, hnsw (Vorgabe), ivf-flat oder ivf-pq.</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>TYP</translation>
    </message>
    <message>
        <source>build: ip (cosine on normalised vectors, the default) or l2.</source>
        <translation>build: ip (Kosinus auf normierten Vektoren, Vorgabe) oder l2.</translation>
    </message>
    <message>
        <source>METRIC</source>
        <translation>METRIK</translation>
    </message>
    <message>
        <source>build: HNSW neighbours per node (32).</source>
        <translation>build: HNSW-Nachbarn pro Knoten (32).</translation>
    </message>
    <message>
        <source>build: HNSW candidate list while building (200).</source>
        <translation>build: HNSW-Kandidatenliste beim Bauen (200).</translation>
    </message>
    <message>
        <source>build: HNSW candidate list while searching (64).</source>
        <translation>build: HNSW-Kandidatenliste beim Suchen (64).</translation>
    </message>
    <message>
        <source>build: IVF clusters (default 4·√n).</source>
        <translation>build: IVF-Cluster (Vorgabe 4·√n).</translation>
    </message>
    <message>
        <source>build: IVF clusters visited per query (8).</source>
        <translation>build: pro Abfrage besuchte IVF-Cluster (8).</translation>
    </message>
    <message>
        <source>build: IVF-PQ sub-quantisers (default: a divisor of the dimension near d/4).</source>
        <translation>build: IVF-PQ-Teilquantisierer (Vorgabe: ein Teiler der Dimension nahe d/4).</translation>
    </message>
    <message>
        <source>build: texts per embedding batch (64).</source>
        <translation>build: Texte pro Embedding-Batch (64).</translation>
    </message>
    <message>
        <source>query, bench: results per query (5 for query, 10 for bench).</source>
        <translation>query, bench: Ergebnisse pro Abfrage (5 bei query, 10 bei bench).</translation>
    </message>
    <message>
        <source>query, bench: fuse vector and keyword (BM25) ranks (reciprocal rank fusion, k=60).</source>
        <translation>query, bench: Vektor- und Stichwort-Ränge (BM25) vereinen (Reciprocal Rank Fusion, k=60).</translation>
    </message>
    <message>
        <source>query: keyword search only (SQLite FTS5, BM25).</source>
        <translation>query: nur Stichwortsuche (SQLite FTS5, BM25).</translation>
    </message>
    <message>
        <source>query, bench: vector, keyword or hybrid.</source>
        <translation>query, bench: vector, keyword oder hybrid.</translation>
    </message>
    <message>
        <source>MODE</source>
        <translation>MODUS</translation>
    </message>
    <message>
        <source>bench: labelled queries (JSON lines: {&quot;query&quot;, &quot;relevant&quot;: [sources or chunk ids]}).</source>
        <translation>bench: bewertete Abfragen (JSON-Zeilen: {&quot;query&quot;, &quot;relevant&quot;: [Quellen oder Chunk-IDs]}).</translation>
    </message>
    <message>
        <source>bench: measure a grid of index settings and mark the Pareto front of recall against QPS.</source>
        <translation>bench: ein Raster von Index-Einstellungen messen und die Pareto-Front von Recall gegen QPS markieren.</translation>
    </message>
    <message>
        <source>bench: vectors sampled from the index as queries against exact search (200).</source>
        <translation>bench: aus dem Index gezogene Vektoren als Abfragen gegen die exakte Suche (200).</translation>
    </message>
    <message>
        <source>keel: cancelled; what was embedded is kept for the next build</source>
        <translation>keel: abgebrochen; was schon eingebettet ist, bleibt für den nächsten Bau</translation>
    </message>
    <message>
        <source>MLflow 3 logged models imported with their store: params, metrics, tags, artifacts</source>
        <translation>Mit ihrem Store importierte MLflow-3-Logged-Models: Parameter, Metriken, Tags, Artefakte</translation>
    </message>
    <message>
        <source>MLflow 3 logged models: %1 (keel logged-models list)</source>
        <translation>MLflow-3-Logged-Models: %1 (keel logged-models list)</translation>
    </message>
    <message>
        <source>list [--experiment ID] | show MODEL_ID: MLflow 3&apos;s logged models (m-...) imported with their store: params, metrics, tags, source run and artifacts. --json as MLflow&apos;s REST API.</source>
        <translation>list [--experiment ID] | show MODELL_ID: die mit ihrem Store importierten Logged Models von MLflow 3 (m-...): Parameter, Metriken, Tags, Quelllauf und Artefakte. --json wie MLflows REST-API.</translation>
    </message>
    <message>
        <source>list: only this experiment&apos;s (MLflow&apos;s id).</source>
        <translation>list: nur die dieses Experiments (MLflows ID).</translation>
    </message>
    <message>
        <source>usage: keel logged-models list [--experiment ID] | show MODEL_ID</source>
        <translation>Aufruf: keel logged-models list [--experiment ID] | show MODELL_ID</translation>
    </message>
    <message>
        <source>  source run: %1</source>
        <translation>  Quelllauf: %1</translation>
    </message>
    <message>
        <source>  param %1 = %2</source>
        <translation>  Parameter %1 = %2</translation>
    </message>
    <message>
        <source>  metric %1 = %2 (step %3)</source>
        <translation>  Metrik %1 = %2 (Schritt %3)</translation>
    </message>
    <message>
        <source>  tag %1 = %2</source>
        <translation>  Tag %1 = %2</translation>
    </message>
    <message>
        <source>  artifact %1 (%2)</source>
        <translation>  Artefakt %1 (%2)</translation>
    </message>
    <message>
        <source>No logged models: keel import mlflow brings an MLflow 3 store&apos;s along.</source>
        <translation>Keine Logged Models: keel import mlflow bringt die eines MLflow-3-Stores mit.</translation>
    </message>
    <message>
        <source>%1 questions written to %2 (each chunk&apos;s own question; keel rag bench INDEX --queries FILE scores them)</source>
        <translation>%1 Fragen nach %2 geschrieben (jede zu ihrem eigenen Chunk; keel rag bench INDEX --queries DATEI bewertet sie)</translation>
    </message>
    <message>
        <source>build CONFIG|FOLDER|FILE | query INDEX TEXT | bench INDEX [--queries FILE] [--sweep] | queries INDEX --model CHAT.gguf [--count N] [-o FILE] | indexes.  INDEX is NAME (its latest version), NAME@VERSION or a version folder.</source>
        <translation>build KONFIG|ORDNER|DATEI | query INDEX TEXT | bench INDEX [--queries DATEI] [--sweep] | queries INDEX --model CHAT.gguf [--count N] [-o DATEI] | indexes.  INDEX ist NAME (seine neueste Version), NAME@VERSION oder ein Versionsordner.</translation>
    </message>
    <message>
        <source>build: the embedding model (default all-MiniLM-L6-v2); queries: the chat model.</source>
        <translation>build: das Embedding-Modell (Vorgabe all-MiniLM-L6-v2); queries: das Chat-Modell.</translation>
    </message>
    <message>
        <source>queries: how many chunks get a question (50).</source>
        <translation>queries: wie viele Chunks eine Frage bekommen (50).</translation>
    </message>
    <message>
        <source>queries: write the JSON lines to this file.</source>
        <translation>queries: die JSON-Zeilen in diese Datei schreiben.</translation>
    </message>
    <message>
        <source>build, query, bench, queries or indexes</source>
        <translation>build, query, bench, queries oder indexes</translation>
    </message>
    <message>
        <source>usage: keel rag build CONFIG|FOLDER | query INDEX TEXT [-k K] [--hybrid] | bench INDEX [--queries FILE] [--sweep] | queries INDEX --model CHAT.gguf | indexes</source>
        <translation>Aufruf: keel rag build KONFIG|ORDNER | query INDEX TEXT [-k K] [--hybrid] | bench INDEX [--queries DATEI] [--sweep] | queries INDEX --model CHAT.gguf | indexes</translation>
    </message>
    <message>
        <source>  warning: %1 of the %2 chunks embedded are longer than the model&apos;s %3-token window; only their beginnings were embedded (use a smaller --chunk-size, or --chunker tokens)</source>
        <translation>  Warnung: %1 der %2 eingebetteten Chunks sind länger als das Fenster des Modells von %3 Token; nur ihr Anfang wurde eingebettet (kleinere --chunk-size oder --chunker tokens verwenden)</translation>
    </message>
    <message>
        <source>Eval suites (promptfoo&apos;s format) on local models or OpenAI-compatible endpoints, with a regression gate</source>
        <translation>Eval-Suiten (im Format von promptfoo) auf lokalen Modellen oder OpenAI-kompatiblen Endpunkten, mit einer Regressionsschranke</translation>
    </message>
    <message>
        <source>A text&apos;s token ids, pieces and count under a model&apos;s tokenizer</source>
        <translation>Token-IDs, Stücke und Anzahl eines Textes unter dem Tokenizer eines Modells</translation>
    </message>
    <message>
        <source>case %1</source>
        <translation>Fall %1</translation>
    </message>
    <message>
        <source>REGRESSED  %1: %2 → %3: %4</source>
        <translation>VERSCHLECHTERT  %1: %2 → %3: %4</translation>
    </message>
    <message>
        <source>improved   %1: %2 → %3</source>
        <translation>verbessert   %1: %2 → %3</translation>
    </message>
    <message numerus="yes">
        <source>%n regressed</source>
        <translation>
            <numerusform>%n verschlechtert</numerusform>
            <numerusform>%n verschlechtert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n improved</source>
        <translation>
            <numerusform>%n verbessert</numerusform>
            <numerusform>%n verbessert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n still failing</source>
        <translation>
            <numerusform>%n weiter durchgefallen</numerusform>
            <numerusform>%n weiter durchgefallen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n still passing</source>
        <translation>
            <numerusform>%n weiter bestanden</numerusform>
            <numerusform>%n weiter bestanden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>%n neu</numerusform>
            <numerusform>%n neu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n gone</source>
        <translation>
            <numerusform>%n entfallen</numerusform>
            <numerusform>%n entfallen</numerusform>
        </translation>
    </message>
    <message>
        <source>--min-pass-rate takes a number from 0 to 1, not &apos;%1&apos;</source>
        <translation>--min-pass-rate nimmt eine Zahl von 0 bis 1, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>keel: warning: %1</source>
        <translation>keel: Warnung: %1</translation>
    </message>
    <message>
        <source>eval: %1/%2 cells  %3 passed  %4 failed  %5 errors  %6 tokens/s</source>
        <translation>eval: %1/%2 Zellen  %3 bestanden  %4 durchgefallen  %5 Fehler  %6 Tokens/s</translation>
    </message>
    <message>
        <source>FAIL </source>
        <translation>DURCH</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <source>eval run %1 (%2): %3 of %4 cells passed (%5%), %6 failed, %7 errors; cost $%8</source>
        <translation>Eval-Lauf %1 (%2): %3 von %4 Zellen bestanden (%5 %), %6 durchgefallen, %7 Fehler; Kosten $%8</translation>
    </message>
    <message>
        <source>against %1:</source>
        <translation>gegenüber %1:</translation>
    </message>
    <message>
        <source>the pass rate %1 is under the required %2</source>
        <translation>die Bestehensquote %1 liegt unter den verlangten %2</translation>
    </message>
    <message>
        <source>keel: cancelled; the finished cells are kept: keel eval run %1 --resume %2</source>
        <translation>keel: abgebrochen; die fertigen Zellen bleiben erhalten: keel eval run %1 --resume %2</translation>
    </message>
    <message>
        <source>%1: %2 prompts, %3 providers, %4 cases</source>
        <translation>%1: %2 Prompts, %3 Provider, %4 Fälle</translation>
    </message>
    <message>
        <source>No eval runs yet: keel eval run SUITE.yaml makes one.</source>
        <translation>Noch keine Eval-Läufe: keel eval run SUITE.yaml macht einen.</translation>
    </message>
    <message>
        <source>eval run %1 (%2), %3</source>
        <translation>Eval-Lauf %1 (%2), %3</translation>
    </message>
    <message>
        <source>pass </source>
        <translation>best.</translation>
    </message>
    <message>
        <source>output: %1</source>
        <translation>Ausgabe: %1</translation>
    </message>
    <message>
        <source>run SUITE [--provider ID]... [--gate RUN | --min-pass-rate X] [--resume RUN] | validate SUITE | runs | show RUN [--failures] | compare BASELINE RUN | export RUN [-o traces.json] | key set NAME (reads the key from stdin).  Exit codes: 0 passed, 1 a regression, a pass rate under the bar or a cancelled run, 2 bad input.</source>
        <translation>run SUITE [--provider ID]... [--gate LAUF | --min-pass-rate X] [--resume LAUF] | validate SUITE | runs | show LAUF [--failures] | compare VERGLEICHSLAUF LAUF | export LAUF [-o traces.json] | key set NAME (liest den Schlüssel von stdin).  Exit-Codes: 0 bestanden, 1 eine Verschlechterung, eine Quote unter der Schranke oder ein abgebrochener Lauf, 2 fehlerhafte Eingabe.</translation>
    </message>
    <message>
        <source>run: this provider instead of the suite&apos;s (repeat for several).</source>
        <translation>run: dieser Provider statt der Provider der Suite (für mehrere wiederholen).</translation>
    </message>
    <message>
        <source>run: compare with this baseline run; exit 1 when a cell that passed there does not pass now.</source>
        <translation>run: mit diesem Vergleichslauf vergleichen; Exit 1, wenn eine dort bestandene Zelle jetzt nicht besteht.</translation>
    </message>
    <message>
        <source>RUN</source>
        <translation>LAUF</translation>
    </message>
    <message>
        <source>run: exit 1 when fewer than this share of cells pass (0 to 1).</source>
        <translation>run: Exit 1, wenn weniger als dieser Anteil der Zellen besteht (0 bis 1).</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>run: continue this interrupted run; the cells it finished are kept.</source>
        <translation>run: diesen unterbrochenen Lauf fortsetzen; seine fertigen Zellen bleiben erhalten.</translation>
    </message>
    <message>
        <source>run: cells generated, judged and stored together (64).</source>
        <translation>run: Zellen, die zusammen erzeugt, bewertet und gespeichert werden (64).</translation>
    </message>
    <message>
        <source>run: the sentence encoder of similar and answer-relevance (all-MiniLM-L6-v2).</source>
        <translation>run: der Satz-Encoder für similar und answer-relevance (all-MiniLM-L6-v2).</translation>
    </message>
    <message>
        <source>show: only the cells that did not pass.</source>
        <translation>show: nur die Zellen, die nicht bestanden haben.</translation>
    </message>
    <message>
        <source>run: write the JSON report here; export: the OTLP traces.</source>
        <translation>run: den JSON-Bericht hierhin schreiben; export: die OTLP-Traces.</translation>
    </message>
    <message>
        <source>run, validate, runs, show, compare, export or key</source>
        <translation>run, validate, runs, show, compare, export oder key</translation>
    </message>
    <message>
        <source>keel eval key set NAME reads the key from standard input; it was empty</source>
        <translation>keel eval key set NAME liest den Schlüssel von der Standardeingabe; sie war leer</translation>
    </message>
    <message>
        <source>stored %1 in the keychain</source>
        <translation>%1 im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>usage: keel eval run SUITE [--gate RUN] [--min-pass-rate X] | validate SUITE | runs | show RUN | compare BASELINE RUN | export RUN | key set NAME</source>
        <translation>Aufruf: keel eval run SUITE [--gate LAUF] [--min-pass-rate X] | validate SUITE | runs | show LAUF | compare VERGLEICHSLAUF LAUF | export LAUF | key set NAME</translation>
    </message>
    <message>
        <source>Token ids, pieces and the count of a text under a model&apos;s tokenizer (GGUF decoders and encoder folders).</source>
        <translation>Token-IDs, Stücke und Anzahl eines Textes unter dem Tokenizer eines Modells (GGUF-Decoder und Encoder-Ordner).</translation>
    </message>
    <message>
        <source>Tokenize this file&apos;s text instead.</source>
        <translation>Stattdessen den Text dieser Datei zerlegen.</translation>
    </message>
    <message>
        <source>Wrap the text in the model&apos;s chat template as a user turn first (what a prompt costs).</source>
        <translation>Den Text zuerst als Nutzerbeitrag in die Chat-Vorlage des Modells setzen (was ein Prompt kostet).</translation>
    </message>
    <message>
        <source>A model name or path.</source>
        <translation>Ein Modellname oder Pfad.</translation>
    </message>
    <message>
        <source>The text (or --file).</source>
        <translation>Der Text (oder --file).</translation>
    </message>
    <message>
        <source>usage: keel tokenize MODEL TEXT | keel tokenize MODEL --file FILE</source>
        <translation>Aufruf: keel tokenize MODELL TEXT | keel tokenize MODELL --file DATEI</translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n Token</numerusform>
            <numerusform>%n Tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>  %1 W</source>
        <translation>  %1 W</translation>
    </message>
    <message>
        <source>  %1 °C</source>
        <translation>  %1 °C</translation>
    </message>
    <message>
        <source>  SM %1 MHz</source>
        <translation>  SM %1 MHz</translation>
    </message>
    <message>
        <source>  memory %1 MHz</source>
        <translation>  Speicher %1 MHz</translation>
    </message>
    <message numerus="yes">
        <source>  %n process(es)</source>
        <translation>
            <numerusform>  %n Prozess</numerusform>
            <numerusform>  %n Prozesse</numerusform>
        </translation>
    </message>
    <message>
        <source>  (MIG %1 of nvml:%2)</source>
        <translation>  (MIG %1 von nvml:%2)</translation>
    </message>
    <message>
        <source>--interval takes seconds between 0.01 and 3600, not &apos;%1&apos;</source>
        <translation>--interval erwartet Sekunden zwischen 0.01 und 3600, nicht „%1“</translation>
    </message>
    <message>
        <source>--count takes a whole number of samples (0: until interrupted), not &apos;%1&apos;</source>
        <translation>--count erwartet eine ganze Zahl von Messungen (0: bis zum Abbruch), nicht „%1“</translation>
    </message>
    <message numerus="yes">
        <source>Over %n sample(s), %1 ms each to read:</source>
        <translation>
            <numerusform>Über %n Messung, je %1 ms zum Lesen:</numerusform>
            <numerusform>Über %n Messungen, je %1 ms zum Lesen:</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 % busy on average, %2 % at peak, </source>
        <translation>im Mittel zu %1 % ausgelastet, höchstens zu %2 %, </translation>
    </message>
    <message>
        <source>%1 memory at peak; idle while held %2 s (%3 at %4/h)</source>
        <translation>höchstens %1 Speicher; belegt und untätig %2 s (%3 zu %4/h)</translation>
    </message>
    <message>
        <source>NVML (driver %1):</source>
        <translation>NVML (Treiber %1):</translation>
    </message>
    <message>
        <source>  (MIG instance of nvml:%1; Kubernetes resource nvidia.com/mig-%2)</source>
        <translation>  (MIG-Instanz von nvml:%1; Kubernetes-Ressource nvidia.com/mig-%2)</translation>
    </message>
    <message>
        <source>pid %1: %2</source>
        <translation>PID %1: %2</translation>
    </message>
    <message>
        <source>Sample NVML telemetry (utilisation, memory, power, temperature, clocks, processes) and print it, then what each GPU did and what its idle time cost.</source>
        <translation>NVML-Telemetrie abfragen (Auslastung, Speicher, Leistung, Temperatur, Takte, Prozesse) und ausgeben, danach was jede GPU tat und was ihre untätige Zeit kostete.</translation>
    </message>
    <message>
        <source>Seconds between samples with --watch (default 1).</source>
        <translation>Sekunden zwischen Messungen mit --watch (Vorgabe 1).</translation>
    </message>
    <message>
        <source>Stop --watch after N samples (default 0: at Ctrl+C).</source>
        <translation>--watch nach N Messungen beenden (Vorgabe 0: bei Strg+C).</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>GPU: %1 % busy on average, %2 % at peak, %3 memory at peak</source>
        <translation>GPU: im Mittel zu %1 % ausgelastet, höchstens zu %2 %, höchstens %3 Speicher</translation>
    </message>
    <message>
        <source>Kubernetes manifests for a pipeline, an eval suite or a served model, with GPU, MIG and spot scheduling</source>
        <translation>Kubernetes-Manifeste für eine Pipeline, eine Eval-Suite oder ein bereitgestelltes Modell, mit GPU-, MIG- und Spot-Planung</translation>
    </message>
    <message>
        <source>export pipeline FILE | export eval SUITE | export serve MODEL: Kubernetes manifests for running that work on a cluster (a Job, or a KServe InferenceService scaled to zero), with its GPU, MIG and spot scheduling.</source>
        <translation>export pipeline DATEI | export eval SUITE | export serve MODELL: Kubernetes-Manifeste, um diese Arbeit auf einem Cluster auszuführen (ein Job oder ein KServe-InferenceService, der auf null skaliert), mit GPU-, MIG- und Spot-Planung.</translation>
    </message>
    <message>
        <source>The container image with keel in it (default keel:latest).</source>
        <translation>Das Container-Image mit keel (Vorgabe keel:latest).</translation>
    </message>
    <message>
        <source>The PersistentVolumeClaim holding the workspace (default keel-workspace).</source>
        <translation>Der PersistentVolumeClaim mit dem Arbeitsbereich (Vorgabe keel-workspace).</translation>
    </message>
    <message>
        <source>Where the workspace is mounted in the container (default /workspace).</source>
        <translation>Wo der Arbeitsbereich im Container eingehängt ist (Vorgabe /workspace).</translation>
    </message>
    <message>
        <source>The pipeline or suite inside the container (default WORKSPACE/pipelines/NAME.yaml or WORKSPACE/evals/FILE).</source>
        <translation>Die Pipeline oder Suite im Container (Vorgabe WORKSPACE/pipelines/NAME.yaml oder WORKSPACE/evals/DATEI).</translation>
    </message>
    <message>
        <source>The object&apos;s name (default from the pipeline, suite or model).</source>
        <translation>Der Name des Objekts (Vorgabe aus Pipeline, Suite oder Modell).</translation>
    </message>
    <message>
        <source>The namespace to put it in.</source>
        <translation>Der Namespace, in den es kommt.</translation>
    </message>
    <message>
        <source>NS</source>
        <translation>NS</translation>
    </message>
    <message>
        <source>Whole GPUs to request (nvidia.com/gpu).</source>
        <translation>Anzufordernde ganze GPUs (nvidia.com/gpu).</translation>
    </message>
    <message>
        <source>A MIG slice to request instead, such as 1g.10gb (nvidia.com/mig-1g.10gb).</source>
        <translation>Stattdessen eine MIG-Scheibe anfordern, etwa 1g.10gb (nvidia.com/mig-1g.10gb).</translation>
    </message>
    <message>
        <source>PROFILE</source>
        <translation>PROFIL</translation>
    </message>
    <message>
        <source>Run on spot or preemptible nodes only (GKE, EKS, Karpenter and AKS labels).</source>
        <translation>Nur auf Spot- oder unterbrechbaren Knoten laufen (Labels von GKE, EKS, Karpenter und AKS).</translation>
    </message>
    <message>
        <source>CPU to request (default 2).</source>
        <translation>Anzufordernde CPU (Vorgabe 2).</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory to request and limit (default 8Gi).</source>
        <translation>Anzufordernder und begrenzter Speicher (Vorgabe 8Gi).</translation>
    </message>
    <message>
        <source>QUANTITY</source>
        <translation>MENGE</translation>
    </message>
    <message>
        <source>eval: fail the Job when the run regresses against this baseline run.</source>
        <translation>eval: den Job fehlschlagen lassen, wenn der Lauf gegenüber diesem Basislauf zurückfällt.</translation>
    </message>
    <message>
        <source>serve: most predictor pods when busy (default 1; the least is 0).</source>
        <translation>serve: höchstens so viele Predictor-Pods unter Last (Vorgabe 1; mindestens 0).</translation>
    </message>
    <message>
        <source>Write to this file instead of standard output.</source>
        <translation>In diese Datei statt auf die Standardausgabe schreiben.</translation>
    </message>
    <message>
        <source>export</source>
        <translation>export</translation>
    </message>
    <message>
        <source>pipeline, eval or serve</source>
        <translation>pipeline, eval oder serve</translation>
    </message>
    <message>
        <source>the pipeline file, the eval suite, or the model</source>
        <translation>die Pipeline-Datei, die Eval-Suite oder das Modell</translation>
    </message>
    <message>
        <source>usage: keel k8s export pipeline FILE | export eval SUITE | export serve MODEL</source>
        <translation>Aufruf: keel k8s export pipeline DATEI | export eval SUITE | export serve MODELL</translation>
    </message>
    <message>
        <source>--gpus takes a whole number of GPUs, not &apos;%1&apos;</source>
        <translation>--gpus erwartet eine ganze Zahl von GPUs, nicht „%1“</translation>
    </message>
    <message>
        <source>--max-replicas takes a whole number of at least 1, not &apos;%1&apos;</source>
        <translation>--max-replicas erwartet eine ganze Zahl von mindestens 1, nicht „%1“</translation>
    </message>
    <message>
        <source>admission: no GPU that Keel can use, nothing to admit</source>
        <translation>Zulassung: keine GPU, die Keel nutzen kann, nichts zuzulassen</translation>
    </message>
    <message>
        <source>admission on %1: a job asking for %2 (the GPU has %3): %4, &quot;%5&quot;</source>
        <translation>Zulassung auf %1: ein Job, der %2 verlangt (die GPU hat %3): %4, „%5“</translation>
    </message>
    <message>
        <source>admission on %1: NVML gives no free memory, so jobs are admitted against the total</source>
        <translation>Zulassung auf %1: NVML meldet keinen freien Speicher, Jobs werden gegen den Gesamtspeicher zugelassen</translation>
    </message>
    <message>
        <source>admission on %1: %2 free of %3; nothing else holds memory, so a job larger than the free memory is one larger than the GPU</source>
        <translation>Zulassung auf %1: %2 von %3 frei; nichts anderes belegt Speicher, ein Job größer als der freie Speicher ist also größer als die GPU</translation>
    </message>
    <message>
        <source>admission on %1: a job asking for %2 with %3 free: %4, &quot;%5&quot;</source>
        <translation>Zulassung auf %1: ein Job, der %2 verlangt, bei %3 frei: %4, „%5“</translation>
    </message>
    <message>
        <source> · cost %1 (%2 s of %3)</source>
        <translation> · Kosten %1 (%2 s auf %3)</translation>
    </message>
    <message>
        <source>Show GPU memory admission: a job asking for more than a GPU has, and one asking for more than is free.</source>
        <translation>GPU-Speicherzulassung zeigen: ein Job, der mehr verlangt, als eine GPU hat, und einer, der mehr verlangt, als frei ist.</translation>
    </message>
    <message>
        <source>What the workspace&apos;s jobs, runs and hosted API calls cost, per day and per experiment</source>
        <translation>Was die Aufträge, Läufe und gehosteten API-Aufrufe des Arbeitsbereichs gekostet haben, je Tag und je Experiment</translation>
    </message>
    <message>
        <source>What the workspace cost: per day, its jobs&apos; device time (at the prices in force when each finished) and the hosted APIs its evals called; per experiment, the cost_usd its runs logged (pipeline runs, eval runs).</source>
        <translation>Was der Arbeitsbereich gekostet hat: je Tag die Gerätezeit seiner Aufträge (zu den Preisen, die galten, als jeder endete) und die gehosteten APIs, die seine Evals aufgerufen haben; je Experiment die cost_usd, die seine Läufe protokolliert haben (Pipeline-Läufe, Eval-Läufe).</translation>
    </message>
    <message>
        <source>The last N days (default 30).</source>
        <translation>Die letzten N Tage (Standard 30).</translation>
    </message>
    <message>
        <source>--days takes a whole number of at least 1, not &apos;%1&apos;</source>
        <translation>--days erwartet eine ganze Zahl von mindestens 1, nicht &apos;%1&apos;</translation>
    </message>
    <message numerus="yes">
        <source>Cost per day, the last %n day(s) (local time):</source>
        <translation>
            <numerusform>Kosten je Tag, der letzte Tag (Ortszeit):</numerusform>
            <numerusform>Kosten je Tag, die letzten %n Tage (Ortszeit):</numerusform>
        </translation>
    </message>
    <message>
        <source>nothing ran</source>
        <translation>nichts ist gelaufen</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Device-h</source>
        <translation>Geräte-h</translation>
    </message>
    <message>
        <source>GPU-h</source>
        <translation>GPU-h</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Geräte</translation>
    </message>
    <message>
        <source>Hosted APIs</source>
        <translation>Gehostete APIs</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Cost per experiment (the cost_usd its runs logged):</source>
        <translation>Kosten je Experiment (die cost_usd, die seine Läufe protokolliert haben):</translation>
    </message>
    <message>
        <source>no run has logged a cost</source>
        <translation>kein Lauf hat Kosten protokolliert</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>cost while a model is loaded: %1 an hour (keel_cost_* in /metrics)</source>
        <translation>Kosten, solange ein Modell geladen ist: %1 pro Stunde (keel_cost_* unter /metrics)</translation>
    </message>
    <message>
        <source>time-sliced: %1 Keel workers, each charged 1/%1 of the GPU</source>
        <translation>Time-Slicing: %1 Keel-Worker, jeder mit 1/%1 der GPU berechnet</translation>
    </message>
</context>
<context>
    <name>keel::pipeline</name>
    <message>
        <source>Drift check</source>
        <translation>Drift-Prüfung</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>Überwachung</translation>
    </message>
    <message>
        <source>Compares new data with a reference, column by column, by Evidently&apos;s default rule (KS, chi-square, z, Wasserstein, Jensen-Shannon); dataset drift when the share of drifted columns reaches drift_share. A pipeline&apos;s drift trigger watches this node: when its new data drifts, the pipeline retrains.</source>
        <translation>Vergleicht neue Daten Spalte für Spalte mit einer Referenz, nach Evidentlys Standardregel (KS, Chi-Quadrat, z, Wasserstein, Jensen-Shannon); Datensatz-Drift, wenn der Anteil gedrifteter Spalten drift_share erreicht. Der Drift-Auslöser einer Pipeline beobachtet diesen Knoten: Driften seine neuen Daten, trainiert die Pipeline neu.</translation>
    </message>
    <message>
        <source>what the model learnt from</source>
        <translation>woraus das Modell gelernt hat</translation>
    </message>
    <message>
        <source>new data</source>
        <translation>neue Daten</translation>
    </message>
    <message>
        <source>each column&apos;s test, score and verdict</source>
        <translation>Test, Wert und Urteil jeder Spalte</translation>
    </message>
    <message>
        <source>drifted_columns, columns, drift_share_found, dataset_drift</source>
        <translation>drifted_columns, columns, drift_share_found, dataset_drift</translation>
    </message>
    <message>
        <source>columns to test (default: all)</source>
        <translation>zu prüfende Spalten (Vorgabe: alle)</translation>
    </message>
    <message>
        <source>columns not to test (ids, targets, times)</source>
        <translation>nicht zu prüfende Spalten (IDs, Zielgrößen, Zeiten)</translation>
    </message>
    <message>
        <source>share of drifted columns that is dataset drift</source>
        <translation>Anteil gedrifteter Spalten, ab dem der Datensatz driftet</translation>
    </message>
    <message>
        <source>fail the node (and skip what follows) on dataset drift</source>
        <translation>bei Datensatz-Drift den Knoten scheitern lassen (und das Folgende überspringen)</translation>
    </message>
    <message>
        <source>Eval gate</source>
        <translation>Bewertungsschranke</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Lets the run go on only when a metric clears its bar: a minimum, a maximum, and/or beating the model version behind an alias (the champion) by a margin. A model that does not clear it fails the gate, and what comes after it (registering, promoting) is skipped.</source>
        <translation>Lässt den Lauf nur weitergehen, wenn eine Metrik ihre Hürde nimmt: ein Minimum, ein Maximum und/oder ein Vorsprung vor der Modellversion hinter einem Alias (dem Champion). Ein Modell, das sie nicht nimmt, scheitert an der Schranke, und was danach kommt (Registrieren, Befördern), wird übersprungen.</translation>
    </message>
    <message>
        <source>a challenger&apos;s scores</source>
        <translation>die Werte eines Herausforderers</translation>
    </message>
    <message>
        <source>the same scores, when the gate passed</source>
        <translation>dieselben Werte, wenn die Schranke bestanden ist</translation>
    </message>
    <message>
        <source>the metric to judge (&quot;accuracy&quot;)</source>
        <translation>die zu beurteilende Metrik („accuracy“)</translation>
    </message>
    <message>
        <source>the lowest acceptable value</source>
        <translation>der kleinste annehmbare Wert</translation>
    </message>
    <message>
        <source>the highest acceptable value</source>
        <translation>der größte annehmbare Wert</translation>
    </message>
    <message>
        <source>false for losses and errors</source>
        <translation>false bei Verlusten und Fehlern</translation>
    </message>
    <message>
        <source>a registered model to beat</source>
        <translation>ein registriertes Modell, das zu schlagen ist</translation>
    </message>
    <message>
        <source>the alias naming its version</source>
        <translation>der Alias, der seine Version nennt</translation>
    </message>
    <message>
        <source>by how much the champion must be beaten</source>
        <translation>um wie viel der Champion zu schlagen ist</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Bewerten</translation>
    </message>
    <message>
        <source>Scores a model on rows it was not trained on, with scikit-learn&apos;s definitions: accuracy, F1 (binary for two classes, macro for more), ROC AUC and log loss for classifiers; MAE, RMSE and R² for regressions. Predictions come from the bundle&apos;s own predict, the one serving uses.</source>
        <translation>Bewertet ein Modell auf Zeilen, mit denen es nicht trainiert wurde, nach den Definitionen von scikit-learn: Accuracy, F1 (binär bei zwei Klassen, Makro bei mehr), ROC AUC und Log-Loss für Klassifikatoren; MAE, RMSE und R² für Regressionen. Die Vorhersagen kommen aus dem predict des Bündels selbst, dem, das auch das Bereitstellen nutzt.</translation>
    </message>
    <message>
        <source>a trained model</source>
        <translation>ein trainiertes Modell</translation>
    </message>
    <message>
        <source>rows with the target</source>
        <translation>Zeilen mit der Zielgröße</translation>
    </message>
    <message>
        <source>the scores</source>
        <translation>die Werte</translation>
    </message>
    <message>
        <source>put before each metric&apos;s name (&quot;test_&quot;)</source>
        <translation>vor den Namen jeder Metrik gesetzt („test_“)</translation>
    </message>
    <message>
        <source>Feature transform</source>
        <translation>Merkmale bilden</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Fits how columns become features on the training rows only: missing numbers imputed (mean, median or 0) and scaled (standard or min-max), categories one-hot encoded. The fitted transforms travel inside the model, so evaluation and serving compute features exactly as training did.</source>
        <translation>Passt nur auf den Trainingszeilen an, wie Spalten zu Merkmalen werden: fehlende Zahlen ergänzt (Mittelwert, Median oder 0) und skaliert (Standard oder Min-Max), Kategorien one-hot-kodiert. Die angepassten Transformationen reisen im Modell mit, sodass Bewertung und Bereitstellen die Merkmale genau wie das Training berechnen.</translation>
    </message>
    <message>
        <source>the training rows</source>
        <translation>die Trainingszeilen</translation>
    </message>
    <message>
        <source>the fitted transforms (connect to Train)</source>
        <translation>die angepassten Transformationen (mit Trainieren verbinden)</translation>
    </message>
    <message>
        <source>the column to predict (never a feature)</source>
        <translation>die vorherzusagende Spalte (nie ein Merkmal)</translation>
    </message>
    <message>
        <source>feature columns (default: every other column)</source>
        <translation>Merkmalsspalten (Vorgabe: alle anderen Spalten)</translation>
    </message>
    <message>
        <source>columns that are not features (ids, times)</source>
        <translation>Spalten, die keine Merkmale sind (IDs, Zeiten)</translation>
    </message>
    <message>
        <source>missing numbers become</source>
        <translation>fehlende Zahlen werden zu</translation>
    </message>
    <message>
        <source>how numbers are scaled</source>
        <translation>wie Zahlen skaliert werden</translation>
    </message>
    <message>
        <source>Load dataset</source>
        <translation>Datensatz laden</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Reads a CSV, TSV or JSON Lines file (relative paths from the pipeline file&apos;s folder), every file a pattern matches as one table (months/*.csv, by name), a drift reference profile kept in the workspace (profile:NAME), or what `keel serve` logged for a registry model (serve-log:NAME, the newest `last_rows` rows).</source>
        <translation>Liest eine CSV-, TSV- oder JSON-Lines-Datei (relative Pfade ab dem Ordner der Pipeline-Datei), alle Dateien, auf die ein Muster passt, als eine Tabelle (months/*.csv, nach Namen), ein im Arbeitsbereich gespeichertes Drift-Referenzprofil (profile:NAME) oder was `keel serve` für ein Registry-Modell protokolliert hat (serve-log:NAME, die neuesten `last_rows` Zeilen).</translation>
    </message>
    <message>
        <source>the rows, with column types inferred</source>
        <translation>die Zeilen, mit erkannten Spaltentypen</translation>
    </message>
    <message>
        <source>a .csv, .tsv, .jsonl file, a pattern (months/*.csv), profile:NAME or serve-log:NAME</source>
        <translation>eine .csv-, .tsv- oder .jsonl-Datei, ein Muster (months/*.csv), profile:NAME oder serve-log:NAME</translation>
    </message>
    <message>
        <source>serve-log: only the newest rows (0: all that is kept)</source>
        <translation>serve-log: nur die neuesten Zeilen (0: alle gespeicherten)</translation>
    </message>
    <message>
        <source>more files or patterns, read after it (each may match nothing)</source>
        <translation>weitere Dateien oder Muster, danach gelesen (jedes darf auf nichts passen)</translation>
    </message>
    <message>
        <source>a path that matches nothing gives no rows instead of failing</source>
        <translation>ein Pfad, der auf nichts passt, ergibt keine Zeilen, statt zu scheitern</translation>
    </message>
    <message>
        <source>Register model</source>
        <translation>Modell registrieren</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>Registry</translation>
    </message>
    <message>
        <source>Registers the model bundle as the next immutable version of a registered model, with lineage to this pipeline run, the training run and the data&apos;s digests, and the metrics it was judged by.</source>
        <translation>Registriert das Modellbündel als nächste unveränderliche Version eines registrierten Modells, mit Herkunft zu diesem Pipeline-Lauf, dem Trainingslauf und den Prüfsummen der Daten sowie den Metriken, nach denen es beurteilt wurde.</translation>
    </message>
    <message>
        <source>the model to register</source>
        <translation>das zu registrierende Modell</translation>
    </message>
    <message>
        <source>its scores, kept with the version</source>
        <translation>seine Werte, mit der Version gespeichert</translation>
    </message>
    <message>
        <source>the new version, as models:/NAME/VERSION</source>
        <translation>die neue Version, als models:/NAME/VERSION</translation>
    </message>
    <message>
        <source>the registered model (created when new)</source>
        <translation>das registrierte Modell (angelegt, wenn neu)</translation>
    </message>
    <message>
        <source>the version&apos;s description</source>
        <translation>die Beschreibung der Version</translation>
    </message>
    <message>
        <source>Run command</source>
        <translation>Befehl ausführen</translation>
    </message>
    <message>
        <source>Utilities</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Runs a program with arguments, environment and a working folder (relative to the pipeline file&apos;s), capturing what it prints; a non-zero exit code or running past the timeout fails the node. Runs every time (it may change the world); an input only orders it after the node it comes from.</source>
        <translation>Führt ein Programm mit Argumenten, Umgebung und Arbeitsordner (relativ zu dem der Pipeline-Datei) aus und hält fest, was es ausgibt; ein Exit-Code ungleich null oder Überschreiten der Zeitgrenze lässt den Knoten scheitern. Läuft jedes Mal (es kann die Welt verändern); ein Eingang ordnet ihn nur nach dem Knoten ein, von dem er kommt.</translation>
    </message>
    <message>
        <source>run after this node&apos;s output is ready</source>
        <translation>nach der Ausgabe dieses Knotens ausführen</translation>
    </message>
    <message>
        <source>what the program printed (stdout and stderr)</source>
        <translation>was das Programm ausgegeben hat (stdout und stderr)</translation>
    </message>
    <message>
        <source>the program and its arguments: [python3, train.py, --epochs, 3]</source>
        <translation>das Programm und seine Argumente: [python3, train.py, --epochs, 3]</translation>
    </message>
    <message>
        <source>where it runs (default: the pipeline file&apos;s folder)</source>
        <translation>wo es läuft (Vorgabe: der Ordner der Pipeline-Datei)</translation>
    </message>
    <message>
        <source>NAME: value pairs added to its environment</source>
        <translation>NAME: Wert-Paare, die seiner Umgebung hinzugefügt werden</translation>
    </message>
    <message>
        <source>seconds before it is stopped (0: never)</source>
        <translation>Sekunden, bis es angehalten wird (0: nie)</translation>
    </message>
    <message>
        <source>Set alias</source>
        <translation>Alias setzen</translation>
    </message>
    <message>
        <source>Points an alias (champion, production) at the version a Register model node made; the registry&apos;s history records the move with this pipeline run as its reason. Serving follows the alias.</source>
        <translation>Richtet einen Alias (champion, production) auf die Version, die ein Knoten „Modell registrieren“ angelegt hat; der Verlauf der Registry hält die Änderung mit diesem Pipeline-Lauf als Grund fest. Das Bereitstellen folgt dem Alias.</translation>
    </message>
    <message>
        <source>models:/NAME/VERSION from Register model</source>
        <translation>models:/NAME/VERSION aus „Modell registrieren“</translation>
    </message>
    <message>
        <source>the same version</source>
        <translation>dieselbe Version</translation>
    </message>
    <message>
        <source>the alias to move</source>
        <translation>der zu verschiebende Alias</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Aufteilen</translation>
    </message>
    <message>
        <source>Splits the rows into training and test sets: at random, stratified by a column (each class in the same proportion in both), or by time (the latest rows are the test set). The test set has ceil(test_size x rows) rows, as scikit-learn&apos;s train_test_split; both keep the file&apos;s row order.</source>
        <translation>Teilt die Zeilen in Trainings- und Testmenge: zufällig, geschichtet nach einer Spalte (jede Klasse im gleichen Anteil in beiden) oder nach Zeit (die neuesten Zeilen sind die Testmenge). Die Testmenge hat ceil(test_size x Zeilen) Zeilen, wie bei scikit-learns train_test_split; beide behalten die Zeilenfolge der Datei.</translation>
    </message>
    <message>
        <source>the rows to split</source>
        <translation>die aufzuteilenden Zeilen</translation>
    </message>
    <message>
        <source>the test rows</source>
        <translation>die Testzeilen</translation>
    </message>
    <message>
        <source>how rows are chosen</source>
        <translation>wie Zeilen gewählt werden</translation>
    </message>
    <message>
        <source>the share of rows for the test set</source>
        <translation>der Anteil der Zeilen für die Testmenge</translation>
    </message>
    <message>
        <source>for random and stratified splits</source>
        <translation>für zufällige und geschichtete Aufteilungen</translation>
    </message>
    <message>
        <source>the class column (stratified) or the time column (time)</source>
        <translation>die Klassenspalte (stratified) oder die Zeitspalte (time)</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Fits a model on the training rows: logistic regression (scikit-learn&apos;s LogisticRegression: L2 penalty, C, binary or multinomial), linear regression (ordinary least squares), or an MLP (one ReLU hidden layer, Adam, as scikit-learn&apos;s MLPClassifier / MLPRegressor by default; on libtorch), or gradient-boosted trees (XGBoost, its parameter names and defaults, tree_method hist). With a Feature transform connected its fitted transforms are applied first and saved with the model; without one, numbers are used as they are (missing ones imputed with the mean) and categories one-hot encoded. Logs a child tracking run with its params, the loss per iteration and the training data&apos;s digest.</source>
        <translation>Passt ein Modell auf den Trainingszeilen an: logistische Regression (scikit-learns LogisticRegression: L2-Strafterm, C, binär oder multinomial), lineare Regression (kleinste Quadrate), ein MLP (eine verborgene ReLU-Schicht, Adam, standardmäßig wie scikit-learns MLPClassifier / MLPRegressor; auf libtorch) oder gradientengeboostete Bäume (XGBoost, mit dessen Parameternamen und Vorgaben, tree_method hist). Ist ein Knoten „Merkmale bilden“ verbunden, werden ihre angepassten Transformationen zuerst angewandt und mit dem Modell gespeichert; ohne sie werden Zahlen unverändert genutzt (fehlende mit dem Mittelwert ergänzt) und Kategorien one-hot-kodiert. Protokolliert einen untergeordneten Tracking-Lauf mit seinen Parametern, dem Verlust je Iteration und der Prüfsumme der Trainingsdaten.</translation>
    </message>
    <message>
        <source>fitted transforms from a Feature transform node</source>
        <translation>angepasste Transformationen aus einem Knoten „Merkmale bilden“</translation>
    </message>
    <message>
        <source>the model bundle (transforms and weights)</source>
        <translation>das Modellbündel (Transformationen und Gewichte)</translation>
    </message>
    <message>
        <source>the column to predict</source>
        <translation>die vorherzusagende Spalte</translation>
    </message>
    <message>
        <source>the estimator</source>
        <translation>das Schätzverfahren</translation>
    </message>
    <message>
        <source>what an MLP or XGBoost predicts</source>
        <translation>was ein MLP oder XGBoost vorhersagt</translation>
    </message>
    <message>
        <source>MLP: hidden ReLU units</source>
        <translation>MLP: verborgene ReLU-Einheiten</translation>
    </message>
    <message>
        <source>MLP: L2 penalty</source>
        <translation>MLP: L2-Strafterm</translation>
    </message>
    <message>
        <source>MLP: initial weights and batch order; XGBoost: row and column sampling</source>
        <translation>MLP: Anfangsgewichte und Batch-Reihenfolge; XGBoost: Zeilen- und Spaltenstichprobe</translation>
    </message>
    <message>
        <source>XGBoost: boosting rounds</source>
        <translation>XGBoost: Boosting-Runden</translation>
    </message>
    <message>
        <source>XGBoost: the deepest a tree grows</source>
        <translation>XGBoost: die größte Tiefe eines Baums</translation>
    </message>
    <message>
        <source>XGBoost: shrinkage per round (eta)</source>
        <translation>XGBoost: Schrumpfung je Runde (eta)</translation>
    </message>
    <message>
        <source>XGBoost: the least hessian sum in a leaf</source>
        <translation>XGBoost: die kleinste Hesse-Summe in einem Blatt</translation>
    </message>
    <message>
        <source>XGBoost: L2 penalty on leaf weights</source>
        <translation>XGBoost: L2-Strafterm auf Blattgewichte</translation>
    </message>
    <message>
        <source>XGBoost: share of rows each tree sees</source>
        <translation>XGBoost: Anteil der Zeilen, den jeder Baum sieht</translation>
    </message>
    <message>
        <source>XGBoost: share of columns each tree sees</source>
        <translation>XGBoost: Anteil der Spalten, den jeder Baum sieht</translation>
    </message>
    <message>
        <source>XGBoost: how splits are found</source>
        <translation>XGBoost: wie Teilungen gefunden werden</translation>
    </message>
    <message>
        <source>inverse regularisation strength (logistic regression)</source>
        <translation>inverse Regularisierungsstärke (logistische Regression)</translation>
    </message>
    <message>
        <source>Newton iterations (logistic regression) or epochs (MLP) at most</source>
        <translation>höchstens so viele Newton-Iterationen (logistische Regression) oder Epochen (MLP)</translation>
    </message>
    <message>
        <source>stop when the largest gradient entry per sample is below</source>
        <translation>anhalten, wenn der größte Gradienteneintrag je Stichprobe darunter liegt</translation>
    </message>
    <message>
        <source>feature columns without a transform (default: all)</source>
        <translation>Merkmalsspalten ohne Transformation (Vorgabe: alle)</translation>
    </message>
    <message>
        <source>columns that are not features</source>
        <translation>Spalten, die keine Merkmale sind</translation>
    </message>
    <message>
        <source>Validate data</source>
        <translation>Daten prüfen</translation>
    </message>
    <message>
        <source>Checks the rows against a schema, as Great Expectations or pandera would: required columns and their types, no missing values, value ranges, allowed categories, unique keys, row-count bounds. A failing check fails the node with a report naming each column, the count and example lines.</source>
        <translation>Prüft die Zeilen gegen ein Schema, wie Great Expectations oder pandera es täten: Pflichtspalten und ihre Typen, keine fehlenden Werte, Wertebereiche, erlaubte Kategorien, eindeutige Schlüssel, Grenzen der Zeilenzahl. Eine fehlschlagende Prüfung lässt den Knoten mit einem Bericht scheitern, der jede Spalte, die Anzahl und Beispielzeilen nennt.</translation>
    </message>
    <message>
        <source>the rows to check</source>
        <translation>die zu prüfenden Zeilen</translation>
    </message>
    <message>
        <source>the same rows, when every check passed</source>
        <translation>dieselben Zeilen, wenn jede Prüfung bestanden ist</translation>
    </message>
    <message>
        <source>what was checked</source>
        <translation>was geprüft wurde</translation>
    </message>
    <message>
        <source>columns that must be present</source>
        <translation>Spalten, die vorhanden sein müssen</translation>
    </message>
    <message>
        <source>column: numerical | categorical | boolean | datetime | text</source>
        <translation>Spalte: numerical | categorical | boolean | datetime | text</translation>
    </message>
    <message>
        <source>columns that must have no missing values</source>
        <translation>Spalten, in denen kein Wert fehlen darf</translation>
    </message>
    <message>
        <source>column: [min, max] (inclusive; null for no bound)</source>
        <translation>Spalte: [min, max] (einschließlich; null für keine Grenze)</translation>
    </message>
    <message>
        <source>column: [the values it may take]</source>
        <translation>Spalte: [die Werte, die sie annehmen darf]</translation>
    </message>
    <message>
        <source>columns whose values must not repeat</source>
        <translation>Spalten, deren Werte sich nicht wiederholen dürfen</translation>
    </message>
    <message>
        <source>fewest rows accepted</source>
        <translation>kleinste erlaubte Zeilenzahl</translation>
    </message>
    <message>
        <source>most rows accepted</source>
        <translation>größte erlaubte Zeilenzahl</translation>
    </message>
    <message>
        <source>MLP: save the training state in the workspace every N epochs, so that a killed run (a spot preemption) resumes there with the same result; 0: never</source>
        <translation>MLP: den Trainingsstand alle N Epochen im Arbeitsbereich sichern, damit ein abgebrochener Lauf (eine Spot-Unterbrechung) dort mit demselben Ergebnis weitermacht; 0: nie</translation>
    </message>
</context>
</TS>
