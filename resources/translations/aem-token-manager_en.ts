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
        <source>and %n keychain item(s) of ours</source>
        <translation>
            <numerusform>and %n keychain item of ours</numerusform>
            <numerusform>and %n keychain items of ours</numerusform>
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
