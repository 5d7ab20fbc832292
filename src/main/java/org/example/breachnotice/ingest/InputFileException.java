package org.example.breachnotice.ingest;

/** An input file that cannot be read as the job expects; the message names the file and line. */
public class InputFileException extends RuntimeException {

	InputFileException(String message, Throwable cause) {
		super(message, cause);
	}

}
