<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>aem::Cli</name>
    <message numerus="yes">
        <source>the store is consistent: %n credential(s)</source>
        <translation>
            <numerusform>the store is consistent: %n credential</numerusform>
            <numerusform>the store is consistent: %n credentials</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CN=%1, %2 to %3 (%n day(s) left)</source>
        <translation>
            <numerusform>CN=%1, %2 to %3 (%n day left)</numerusform>
            <numerusform>CN=%1, %2 to %3 (%n days left)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CN=%1, %2 to %3 (expired %n day(s) ago)</source>
        <translation>
            <numerusform>CN=%1, %2 to %3 (expired %n day ago)</numerusform>
            <numerusform>CN=%1, %2 to %3 (expired %n days ago)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n keychain item(s) of ours, each on the list</source>
        <translation>
            <numerusform>%n keychain item of ours, on the list</numerusform>
            <numerusform>%n keychain items of ours, each on the list</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of %1 requests failed</source>
        <translation>
            <numerusform>%n of %1 requests failed</numerusform>
            <numerusform>%n of %1 requests failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1. Send %n requests with %2 to it? [y/N] </source>
        <translation>
            <numerusform>%1. Send %n request with %2 to it? [y/N]</numerusform>
            <numerusform>%1. Send %n requests with %2 to it? [y/N]</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n requests with %2 not sent without --allow-production; nothing was sent</source>
        <translation>
            <numerusform>%1: %n request with %2 not sent without --allow-production; nothing was sent</numerusform>
            <numerusform>%1: %n requests with %2 not sent without --allow-production; nothing was sent</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::Countdown</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::CredentialDiagnosis</name>
    <message numerus="yes">
        <source>%n client secret(s), tried in order</source>
        <translation>
            <numerusform>%n client secret, tried in order</numerusform>
            <numerusform>%n client secrets, tried in order</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>IMS host %1 resolves (%n address(es))</source>
        <translation>
            <numerusform>IMS host %1 resolves (%n address)</numerusform>
            <numerusform>IMS host %1 resolves (%n addresses)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::GraphqlRequest</name>
    <message numerus="yes">
        <source>%n more entry(ies) left out</source>
        <translation>
            <numerusform>%n more entry left out</numerusform>
            <numerusform>%n more entries left out</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::Ims</name>
    <message numerus="yes">
        <source>after %n attempt(s)</source>
        <translation>
            <numerusform>after %n attempt</numerusform>
            <numerusform>after %n attempts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::JsonTree</name>
    <message numerus="yes">
        <source>{%n key(s)}</source>
        <translation>
            <numerusform>{%n key}</numerusform>
            <numerusform>{%n keys}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n item]</numerusform>
            <numerusform>[%n items]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::ui::CompareView</name>
    <message numerus="yes">
        <source>Headers (%n differ)</source>
        <translation>
            <numerusform>Headers (%n differs)</numerusform>
            <numerusform>Headers (%n differ)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) between the JSON bodies.</source>
        <translation>
            <numerusform>%n difference between the JSON bodies.</numerusform>
            <numerusform>%n differences between the JSON bodies.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) differ, compared as text.</source>
        <translation>
            <numerusform>%n line differs, compared as text.</numerusform>
            <numerusform>%n lines differ, compared as text.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The first %1 are listed, and %n more.</source>
        <translation>
            <numerusform>The first %1 are listed, and %n more.</numerusform>
            <numerusform>The first %1 are listed, and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ignored.</source>
        <translation>
            <numerusform>%n ignored.</numerusform>
            <numerusform>%n ignored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Body (%n differ)</source>
        <translation>
            <numerusform>Body (%n differs)</numerusform>
            <numerusform>Body (%n differ)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n header(s)</source>
        <translation>
            <numerusform>%n header</numerusform>
            <numerusform>%n headers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) in the body</source>
        <translation>
            <numerusform>%n place in the body</numerusform>
            <numerusform>%n places in the body</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The answers are the same, but for %n ignored field(s).</source>
        <translation>
            <numerusform>The answers are the same, but for %n ignored field.</numerusform>
            <numerusform>The answers are the same, but for %n ignored fields.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::ui::ContentBrowser</name>
    <message numerus="yes">
        <source>%1: %n item(s).</source>
        <translation>
            <numerusform>%1: %n item.</numerusform>
            <numerusform>%1: %n items.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more not shown.</source>
        <translation>
            <numerusform>%n more not shown.</numerusform>
            <numerusform>%n more not shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::ui::GraphqlPanel</name>
    <message numerus="yes">
        <source>%n endpoint(s).</source>
        <translation>
            <numerusform>%n endpoint.</numerusform>
            <numerusform>%n endpoints.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n persisted query(ies).</source>
        <translation>
            <numerusform>%n persisted query.</numerusform>
            <numerusform>%n persisted queries.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n left out: %1</source>
        <translation>
            <numerusform>%n left out: %1</numerusform>
            <numerusform>%n left out: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::ui::JsonTreeView</name>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::ui::QueryBuilderPanel</name>
    <message numerus="yes">
        <source>%n hit(s).</source>
        <translation>
            <numerusform>%n hit.</numerusform>
            <numerusform>%n hits.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>AEM sent %n hit(s) more than asked: not shown.</source>
        <translation>
            <numerusform>AEM sent %n hit more than asked: not shown.</numerusform>
            <numerusform>AEM sent %n hits more than asked: not shown.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more key(s) not shown as columns.</source>
        <translation>
            <numerusform>%n more key not shown as a column.</numerusform>
            <numerusform>%n more keys not shown as columns.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>aem::ui::StoreHealthBar</name>
    <message numerus="yes">
        <source>%n problem(s) with the stored credentials; the first: %1</source>
        <translation>
            <numerusform>%n problem with the stored credentials; the first: %1</numerusform>
            <numerusform>%n problems with the stored credentials; the first: %1</numerusform>
        </translation>
    </message>
</context>
</TS>
