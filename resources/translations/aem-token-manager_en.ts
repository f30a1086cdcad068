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
