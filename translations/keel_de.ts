<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>keel::AreaPlaceholder</name>
    <message>
        <source>Not built yet</source>
        <translation>Noch nicht gebaut</translation>
    </message>
    <message>
        <source>This area will offer:</source>
        <translation>Dieser Bereich wird bieten:</translation>
    </message>
    <message>
        <source>Nothing is shown here until it works on real data.</source>
        <translation>Hier erscheint nichts, bevor es mit echten Daten funktioniert.</translation>
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
        <source>earlier sessions: %1 (greyed)</source>
        <translation>frühere Sitzungen: %1 (ausgegraut)</translation>
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
        <source>%1 s</source>
        <translation>%1 s</translation>
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
        <source>Compare runs side by side: parameters, metrics and metric curves, from Keel&apos;s own runs and from the MLflow stores and servers your team already logs to.</source>
        <translation>Läufe nebeneinander vergleichen: Parameter, Metriken und Metrikkurven, aus Keels eigenen Läufen und aus den MLflow-Speichern und -Servern, in die Ihr Team bereits protokolliert.</translation>
    </message>
    <message>
        <source>Runs table with MLflow&apos;s search syntax, column chooser and multi-select</source>
        <translation>Lauftabelle mit MLflows Suchsyntax, Spaltenauswahl und Mehrfachauswahl</translation>
    </message>
    <message>
        <source>Metric charts by step, wall time or relative time, with smoothing and zoom</source>
        <translation>Metrikdiagramme nach Schritt, Uhrzeit oder relativer Zeit, mit Glättung und Zoom</translation>
    </message>
    <message>
        <source>Parameter diff, parallel coordinates and grouped runs</source>
        <translation>Parameterunterschiede, parallele Koordinaten und gruppierte Läufe</translation>
    </message>
    <message>
        <source>Import from mlflow.db, mlruns/ folders and tracking servers</source>
        <translation>Import aus mlflow.db, mlruns/-Ordnern und Tracking-Servern</translation>
    </message>
    <message>
        <source>Registered models with immutable versions, aliases and stages, rollback as a metadata flip, lineage back to runs and data, and the full history of who moved what and when.</source>
        <translation>Registrierte Modelle mit unveränderlichen Versionen, Aliasen und Stufen, Rollback als Metadaten-Umschaltung, Herkunft bis zu Läufen und Daten und die vollständige Historie, wer was wann verschoben hat.</translation>
    </message>
    <message>
        <source>Model → version tree with alias and stage badges</source>
        <translation>Baum Modell → Version mit Alias- und Stufen-Abzeichen</translation>
    </message>
    <message>
        <source>Promote, roll back and archive with an audit trail</source>
        <translation>Befördern, zurückrollen und archivieren mit Prüfprotokoll</translation>
    </message>
    <message>
        <source>Lineage from a version to its run, experiment and datasets</source>
        <translation>Herkunft einer Version bis zu Lauf, Experiment und Datensätzen</translation>
    </message>
    <message>
        <source>Data drift, concept drift and training-serving skew: a reference against current data, per column and over time windows.</source>
        <translation>Datendrift, Konzeptdrift und Training-Serving-Abweichung: Referenz- gegen aktuelle Daten, je Spalte und über Zeitfenster.</translation>
    </message>
    <message>
        <source>Statistical tests per column type, with the thresholds used</source>
        <translation>Statistische Tests je Spaltentyp, mit den verwendeten Schwellenwerten</translation>
    </message>
    <message>
        <source>Histograms and drift over time</source>
        <translation>Histogramme und Drift über die Zeit</translation>
    </message>
    <message>
        <source>Skew checks between training and serving features</source>
        <translation>Abweichungsprüfungen zwischen Trainings- und Serving-Merkmalen</translation>
    </message>
    <message>
        <source>Drag-and-drop pipelines: data validation, training, an evaluation gate and registration, triggered by a schedule or by detected drift.</source>
        <translation>Pipelines per Drag-and-drop: Datenvalidierung, Training, ein Evaluierungs-Gate und Registrierung, ausgelöst nach Zeitplan oder durch erkannte Drift.</translation>
    </message>
    <message>
        <source>Node palette and canvas with undo</source>
        <translation>Knotenpalette und Arbeitsfläche mit Rückgängig</translation>
    </message>
    <message>
        <source>Per-node status and cached outputs</source>
        <translation>Status je Knoten und zwischengespeicherte Ausgaben</translation>
    </message>
    <message>
        <source>Schedules and drift triggers for continuous training</source>
        <translation>Zeitpläne und Drift-Auslöser für kontinuierliches Training</translation>
    </message>
    <message>
        <source>Build retrieval indexes: chunk, embed and index documents, and measure recall, latency and memory for each choice.</source>
        <translation>Retrieval-Indizes bauen: Dokumente zerteilen, einbetten und indizieren, und für jede Wahl Trefferquote, Latenz und Speicher messen.</translation>
    </message>
    <message>
        <source>Document loaders and chunkers</source>
        <translation>Dokumentlader und Zerteiler</translation>
    </message>
    <message>
        <source>Local embedding models on CPU or GPU</source>
        <translation>Lokale Embedding-Modelle auf CPU oder GPU</translation>
    </message>
    <message>
        <source>Vector indexes compared on recall, latency and memory</source>
        <translation>Vektorindizes im Vergleich nach Trefferquote, Latenz und Speicher</translation>
    </message>
    <message>
        <source>LLM evaluation runs: suites of deterministic checks, LLM-as-judge and RAG metrics, guardrails, traces of tokens, latency and cost, and a regression gate for CI.</source>
        <translation>LLM-Evaluierungsläufe: Suiten deterministischer Prüfungen, LLM-als-Richter- und RAG-Metriken, Leitplanken, Spuren von Tokens, Latenz und Kosten sowie ein Regressions-Gate für CI.</translation>
    </message>
    <message>
        <source>Eval suites against local models or OpenAI-compatible endpoints</source>
        <translation>Eval-Suiten gegen lokale Modelle oder OpenAI-kompatible Endpunkte</translation>
    </message>
    <message>
        <source>PII and prompt-injection guardrails</source>
        <translation>Leitplanken gegen personenbezogene Daten und Prompt-Injection</translation>
    </message>
    <message>
        <source>Regression gate callable from CI: keel eval gate</source>
        <translation>Regressions-Gate, aus CI aufrufbar: keel eval gate</translation>
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
        <source>ok: database intact; artifacts checked: %1, all match their hashes</source>
        <translation>in Ordnung: Datenbank intakt; geprüfte Artefakte: %1, alle passen zu ihren Hashes</translation>
    </message>
    <message>
        <source>runtime %1, no driver</source>
        <translation>Laufzeit %1, kein Treiber</translation>
    </message>
</context>
</TS>
