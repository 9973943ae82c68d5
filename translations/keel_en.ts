<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChartScale</name>
    <message numerus="yes">
        <source>%n value(s) off the chart, marked at its edge</source>
        <translation>
            <numerusform>%n value off the chart, marked at its edge</numerusform>
            <numerusform>%n values off the chart, marked at its edge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n NaN value(s) not drawn</source>
        <translation>
            <numerusform>%n NaN value not drawn</numerusform>
            <numerusform>%n NaN values not drawn</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) at or below zero not drawn on the log scale</source>
        <translation>
            <numerusform>%n value at or below zero not drawn on the log scale</numerusform>
            <numerusform>%n values at or below zero not drawn on the log scale</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::DeviceTelemetryModel</name>
    <message numerus="yes">
        <source>%n process(es)</source>
        <translation>
            <numerusform>%n process</numerusform>
            <numerusform>%n processes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::DevicesDock</name>
    <message numerus="yes">
        <source>%n GPU device(s), sampled every second. Idle while held: %1 h, %2 at the current prices%3.</source>
        <translation>
            <numerusform>%n GPU device, sampled every second. Idle while held: %1 h, %2 at the current prices%3.</numerusform>
            <numerusform>%n GPU devices, sampled every second. Idle while held: %1 h, %2 at the current prices%3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing that costs anything has run in the last %n day(s).</source>
        <translation>
            <numerusform>Nothing that costs anything has run in the last day.</numerusform>
            <numerusform>Nothing that costs anything has run in the last %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The last %n day(s): %1 in all, of which %2 device time (%3 GPU hours; jobs: %4) and %5 hosted APIs. Per experiment: what its runs logged as cost_usd, over all time.</source>
        <translation>
            <numerusform>The last day: %1 in all, of which %2 device time (%3 GPU hours; jobs: %4) and %5 hosted APIs. Per experiment: what its runs logged as cost_usd, over all time.</numerusform>
            <numerusform>The last %n days: %1 in all, of which %2 device time (%3 GPU hours; jobs: %4) and %5 hosted APIs. Per experiment: what its runs logged as cost_usd, over all time.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::DriftColumnsModel</name>
    <message numerus="yes">
        <source>The score in each of %n windows.</source>
        <translation>
            <numerusform>The score in the one window.</numerusform>
            <numerusform>The score in each of %n windows.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::DriftView</name>
    <message numerus="yes">
        <source>Kept as profile &quot;%1&quot; (%n rows).</source>
        <translation>
            <numerusform>Kept as profile &quot;%1&quot; (%n row).</numerusform>
            <numerusform>Kept as profile &quot;%1&quot; (%n rows).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n windows show dataset drift.</source>
        <translation>
            <numerusform>%1 of %n window shows dataset drift.</numerusform>
            <numerusform>%1 of %n windows show dataset drift.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rows have no time and are in no window.</source>
        <translation>
            <numerusform>%n row has no time and is in no window.</numerusform>
            <numerusform>%n rows have no time and are in no window.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Multivariate drift (PCA reconstruction error): %1 of %n windows outside the reference band.</source>
        <translation>
            <numerusform>Multivariate drift (PCA reconstruction error): %1 of %n window outside the reference band.</numerusform>
            <numerusform>Multivariate drift (PCA reconstruction error): %1 of %n windows outside the reference band.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Model quality (%1 of %2): %3 of %n windows outside the reference band [%4, %5].</source>
        <translation>
            <numerusform>Model quality (%1 of %2): %3 of %n window outside the reference band [%4, %5].</numerusform>
            <numerusform>Model quality (%1 of %2): %3 of %n windows outside the reference band [%4, %5].</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n quality alert(s)</source>
        <translation>
            <numerusform>%n quality alert</numerusform>
            <numerusform>%n quality alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::EvalView</name>
    <message numerus="yes">
        <source>&lt;span style=&quot;color:#1e7a34&quot;&gt;✓&lt;/span&gt; %n case(s)</source>
        <translation>
            <numerusform>&lt;span style=&quot;color:#1e7a34&quot;&gt;✓&lt;/span&gt; %n case</numerusform>
            <numerusform>&lt;span style=&quot;color:#1e7a34&quot;&gt;✓&lt;/span&gt; %n cases</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n prompt(s)</source>
        <translation>
            <numerusform>%n prompt</numerusform>
            <numerusform>%n prompts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n provider(s)</source>
        <translation>
            <numerusform>%n provider</numerusform>
            <numerusform>%n providers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n assertion(s)</source>
        <translation>
            <numerusform>%n assertion</numerusform>
            <numerusform>%n assertions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failing case(s) queued again: the Jobs dock shows the run.</source>
        <translation>
            <numerusform>%n failing case queued again: the Jobs dock shows the run.</numerusform>
            <numerusform>%n failing cases queued again: the Jobs dock shows the run.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 cells passed (%3%), %4 failed, %n error(s); %5 tokens, %6</source>
        <translation>
            <numerusform>%1 of %2 cells passed (%3%), %4 failed, %n error; %5 tokens, %6</numerusform>
            <numerusform>%1 of %2 cells passed (%3%), %4 failed, %n errors; %5 tokens, %6</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Context (%n chunk(s))</source>
        <translation>
            <numerusform>Context (%n chunk)</numerusform>
            <numerusform>Context (%n chunks)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::ExperimentsView</name>
    <message numerus="yes">
        <source>reading %1 points of %n run(s) in the background…</source>
        <translation>
            <numerusform>reading %1 points of %n run in the background…</numerusform>
            <numerusform>reading %1 points of %n runs in the background…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · %1 selected%2</source>
        <translation>
            <numerusform>%n run · %1 selected%2</numerusform>
            <numerusform>%n runs · %1 selected%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n metric(s) of the charted runs</source>
        <translation>
            <numerusform>%n metric of the charted runs</numerusform>
            <numerusform>%n metrics of the charted runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>drawn from the stored overview; reading %1 points of %n run(s) for zooming…</source>
        <translation>
            <numerusform>drawn from the stored overview; reading %1 points of %n run for zooming…</numerusform>
            <numerusform>drawn from the stored overview; reading %1 points of %n runs for zooming…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::MainWindow</name>
    <message numerus="yes">
        <source>Models loaded: %n · %1 MiB</source>
        <translation>
            <numerusform>Models loaded: %n · %1 MiB</numerusform>
            <numerusform>Models loaded: %n · %1 MiB</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (+%n more)</source>
        <translation>
            <numerusform> (+%n more)</numerusform>
            <numerusform> (+%n more)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n GPU(s) idle while held</source>
        <translation>
            <numerusform>⚠ %n GPU idle while held</numerusform>
            <numerusform>⚠ %n GPUs idle while held</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::MetricChartView</name>
    <message numerus="yes">
        <source>%n beyond the axis</source>
        <translation>
            <numerusform>%n beyond the axis</numerusform>
            <numerusform>%n beyond the axis</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n group(s) · means and bands from %2 points</source>
        <translation>
            <numerusform>%1 in %n group · means and bands from %2 points</numerusform>
            <numerusform>%1 in %n groups · means and bands from %2 points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · one value each, drawn as bars</source>
        <translation>
            <numerusform>%n run · one value, drawn as a bar</numerusform>
            <numerusform>%n runs · one value each, drawn as bars</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · one value each, the mean of each group drawn as a bar</source>
        <translation>
            <numerusform>%n run · one value, the mean of its group drawn as a bar</numerusform>
            <numerusform>%n runs · one value each, the mean of each group drawn as a bar</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::ModelsView</name>
    <message numerus="yes">
        <source>unload after %n idle minute(s)</source>
        <translation>
            <numerusform>unload after %n idle minute</numerusform>
            <numerusform>unload after %n idle minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::PipelineEdits</name>
    <message numerus="yes">
        <source>Delete %n node(s)</source>
        <translation>
            <numerusform>Delete %n node</numerusform>
            <numerusform>Delete %n nodes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::PipelineView</name>
    <message numerus="yes">
        <source>Succeeded in %1 s · %n node(s) from the cache</source>
        <translation>
            <numerusform>Succeeded in %1 s · %n node from the cache</numerusform>
            <numerusform>Succeeded in %1 s · %n nodes from the cache</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n node(s), ready to run</source>
        <translation>
            <numerusform>%1: %n node, ready to run</numerusform>
            <numerusform>%1: %n nodes, ready to run</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n node(s)</source>
        <translation>
            <numerusform>Copied %n node</numerusform>
            <numerusform>Copied %n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paste %n node(s)</source>
        <translation>
            <numerusform>Paste %n node</numerusform>
            <numerusform>Paste %n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more column(s)</source>
        <translation>
            <numerusform>… and %n more column</numerusform>
            <numerusform>… and %n more columns</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::RagView</name>
    <message numerus="yes">
        <source>%n chunk(s) in %1 ms</source>
        <translation>
            <numerusform>%n chunk in %1 ms</numerusform>
            <numerusform>%n chunks in %1 ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chunk(s); %1 %2 on average, %3 at most%4</source>
        <translation>
            <numerusform>%n chunk; %1 %2 on average, %3 at most%4</numerusform>
            <numerusform>%n chunks; %1 %2 on average, %3 at most%4</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped (see &lt;i&gt;skipped&lt;/i&gt; below). </source>
        <translation>
            <numerusform>%n file skipped (see &lt;i&gt;skipped&lt;/i&gt; below). </numerusform>
            <numerusform>%n files skipped (see &lt;i&gt;skipped&lt;/i&gt; below). </numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::RegistryTreeModel</name>
    <message numerus="yes">
        <source>%n version(s)</source>
        <translation>
            <numerusform>%n version</numerusform>
            <numerusform>%n versions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::RegistryView</name>
    <message numerus="yes">
        <source>&lt;b&gt;Signature&lt;/b&gt; %n input(s): %1</source>
        <translation>
            <numerusform>&lt;b&gt;Signature&lt;/b&gt; %n input: %1</numerusform>
            <numerusform>&lt;b&gt;Signature&lt;/b&gt; %n inputs: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n output(s): %1</source>
        <translation>
            <numerusform>%n output: %1</numerusform>
            <numerusform>%n outputs: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Files&lt;/b&gt; %n file(s), %1:</source>
        <translation>
            <numerusform>&lt;b&gt;Files&lt;/b&gt; %n file, %1:</numerusform>
            <numerusform>&lt;b&gt;Files&lt;/b&gt; %n files, %1:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>keel::cli::Cli</name>
    <message numerus="yes">
        <source>%n regressed</source>
        <translation>
            <numerusform>%n regressed</numerusform>
            <numerusform>%n regressed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n improved</source>
        <translation>
            <numerusform>%n improved</numerusform>
            <numerusform>%n improved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n still failing</source>
        <translation>
            <numerusform>%n still failing</numerusform>
            <numerusform>%n still failing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n still passing</source>
        <translation>
            <numerusform>%n still passing</numerusform>
            <numerusform>%n still passing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n gone</source>
        <translation>
            <numerusform>%n gone</numerusform>
            <numerusform>%n gone</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tokens</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  %n process(es)</source>
        <translation>
            <numerusform>  %n process</numerusform>
            <numerusform>  %n processes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Over %n sample(s), %1 ms each to read:</source>
        <translation>
            <numerusform>Over %n sample, %1 ms each to read:</numerusform>
            <numerusform>Over %n samples, %1 ms each to read:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cost per day, the last %n day(s) (local time):</source>
        <translation>
            <numerusform>Cost per day, the last day (local time):</numerusform>
            <numerusform>Cost per day, the last %n days (local time):</numerusform>
        </translation>
    </message>
</context>
</TS>
