package io.github.zohousersbatch.cli;

import java.awt.AWTError;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;

/**
 * The desktop's web browser, when this machine has one. It is probed before Spring
 * starts, because Spring Boot declares every application headless; on a server, or with
 * {@code --no-browser}, there is none and the address is only printed.
 */
final class DesktopBrowser {

	private static final DesktopBrowser NONE = new DesktopBrowser(null);

	private final Desktop desktop;

	private DesktopBrowser(Desktop desktop) {
		this.desktop = desktop;
	}

	static DesktopBrowser none() {
		return NONE;
	}

	static DesktopBrowser probe() {
		try {
			if (GraphicsEnvironment.isHeadless() || !Desktop.isDesktopSupported()) {
				return NONE;
			}
			Desktop desktop = Desktop.getDesktop();
			return desktop.isSupported(Desktop.Action.BROWSE) ? new DesktopBrowser(desktop) : NONE;
		}
		catch (RuntimeException | AWTError | LinkageError ex) {
			// no display, no AWT libraries: print the address instead
			return NONE;
		}
	}

	/** Opens the address; false when there is no browser or it refused. */
	boolean open(URI uri) {
		if (this.desktop == null) {
			return false;
		}
		try {
			this.desktop.browse(uri);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

}
