/**
 * Notices rendered from the FreeMarker templates, locked down, with the data a template may see and show
 * ({@code NoticeModel}, {@code DisplayText}).
 */
package org.example.breachnotice.render;
