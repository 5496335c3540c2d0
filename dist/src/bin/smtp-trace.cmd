@echo off
rem smtp-trace: the analyzer, from an unpacked distribution (bin\ lib\ agent\ side by side), from any directory.
rem SMTPTRACE_JAVA_OPTS replaces the JVM settings below; JAVA_HOME selects the JVM.
setlocal
set "SMTPTRACE_HOME=%~dp0.."
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java"
if not defined SMTPTRACE_JAVA_OPTS set "SMTPTRACE_JAVA_OPTS=-XX:+UseSerialGC -Xmx256m -XX:+ExitOnOutOfMemoryError"
"%JAVA_EXE%" %SMTPTRACE_JAVA_OPTS% "-Dsmtptrace.launcher=%~dp0smtp-trace.cmd" -cp "%SMTPTRACE_HOME%\lib\*" io.smtptrace.analyzer.Main %*
exit /b %ERRORLEVEL%
