package com.treasurybatch.launcher.operations;

/**
 * One job parameter as stored with an execution.
 *
 * @param name parameter name, e.g. {@code date}
 * @param value the value as text (dates ISO-8601)
 * @param type the Java type's simple name, e.g. {@code LocalDate}, {@code Long},
 * {@code String}
 * @param identifying whether it is part of the job instance's identity (business key)
 */
public record ParameterView(String name, String value, String type, boolean identifying) {

}
