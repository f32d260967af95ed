/**
 * The planning map model shared by the server and the console: layer descriptors, features
 * (JTS geometry in CGCS2000 / EPSG:4490 longitude-latitude), the compact binary feature codec,
 * Gauss-Krüger and equal-area measuring, and the deterministic Lincang demo data generator.
 * Pure: no I/O besides byte arrays, no UI.
 */
package cn.yzt.ops.protocol.map;
