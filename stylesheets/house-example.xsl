<?xml version="1.0" encoding="UTF-8"?>
<!--
  house-example.xsl — an example house style, and a short tutorial.

  Give its path to declc's style option in place of layout.xsl, or run it
  with xsltproc to see the layout tree it makes:

      xsltproc stylesheets/house-example.xsl declaracion.xml

  A house style is the letterhead of an institution: its paper, its fonts and
  sizes, its footer, how its signatories are laid out. It changes none of
  declc's C code and none of layout.xsl. It is a small XSLT stylesheet that

    1. imports layout.xsl, which does all the work, and then
    2. overrides two kinds of things, and only these:
         - parameters (xsl:param), for numbers and words;
         - attribute sets (xsl:attribute-set), for the style of one kind of
           line: the main title, a paragraph, a signatory's name ...

  The names of all parameters and attribute sets, with what they style, are
  listed in layout.xsl ("Parameters" and "Attribute sets"). declc validates
  what a house style produces against schemas/layout.rng, so a misspelt value
  ("bolt") is reported with its place, not turned into a strange PDF.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!--
    Step 1: import layout.xsl. The href is relative to this file; a house
    style kept elsewhere points at declc's stylesheets/layout.xsl. Imported
    definitions have lower precedence than this file's, which is what lets
    the definitions below win.
  -->
  <xsl:import href="layout.xsl"/>

  <!--
    Step 2: parameters. An xsl:param here replaces the one of the same name
    in layout.xsl, for every template and attribute set that uses it: change
    font-size and every size computed from it (titles, notes, footer,
    leading) follows. Options given on the command line (paper, or param
    NAME=VALUE) still win over these values.
  -->

  <!-- US Letter instead of A4; margins of one inch (units are allowed). -->
  <xsl:param name="paper" select="'letter'"/>
  <xsl:param name="margin-left" select="'1in'"/>
  <xsl:param name="margin-right" select="'1in'"/>

  <!-- A larger text size. The leading follows (font-size × 14/11) unless
       set too. -->
  <xsl:param name="font-size" select="'12'"/>
  <xsl:param name="leading" select="'15'"/>

  <!-- The footer's wording: {page} and {pages} are the numbers. -->
  <xsl:param name="footer-format" select="'Hoja {page} de {pages}'"/>

  <!-- Three signatories per row instead of two (one alone stays centred,
       and two share a row). -->
  <xsl:param name="signers-per-row" select="3"/>

  <!-- A running head on every page but the first. -->
  <xsl:param name="header" select="'Documento oficial'"/>

  <!--
    Step 3: attribute sets. A set defined here is merged with the set of the
    same name in layout.xsl, attribute by attribute: the attributes written
    here win, the others stay as layout.xsl has them. So write only what
    changes. The values are the layout vocabulary's (docs/layout.md):
    lengths in points, font-weight normal | bold | 100–900, and so on. An
    attribute's value may be computed from the parameters with xsl:value-of.
  -->

  <!-- The main title: larger, in spaced capitals (accents are kept, ES-20),
       not bold. -->
  <xsl:attribute-set name="title-main">
    <xsl:attribute name="font-size">18</xsl:attribute>
    <xsl:attribute name="line-height">23</xsl:attribute>
    <xsl:attribute name="font-weight">normal</xsl:attribute>
    <xsl:attribute name="text-transform">uppercase</xsl:attribute>
    <xsl:attribute name="letter-spacing">1.5</xsl:attribute>
  </xsl:attribute-set>

  <!-- The subtitle in italics. -->
  <xsl:attribute-set name="title-sub">
    <xsl:attribute name="font-weight">normal</xsl:attribute>
    <xsl:attribute name="font-style">italic</xsl:attribute>
  </xsl:attribute-set>

  <!-- Signatories' names in spaced capitals rather than bold (the cargo
       below stays in small capitals). -->
  <xsl:attribute-set name="signatory-name">
    <xsl:attribute name="font-weight">normal</xsl:attribute>
    <xsl:attribute name="text-transform">uppercase</xsl:attribute>
    <xsl:attribute name="letter-spacing">0.5</xsl:attribute>
  </xsl:attribute-set>

  <!-- A shorter signature rule to fit three per row; a dark blue footer. -->
  <xsl:attribute-set name="signature-rule">
    <xsl:attribute name="width">140</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="footer-block">
    <xsl:attribute name="color">#1f3a5f</xsl:attribute>
  </xsl:attribute-set>

</xsl:stylesheet>
