<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl — a TEI declaration (schemas/declaracion.rng) to declc's layout
  vocabulary (docs/layout.md, validated by schemas/layout.rng).

  TEI knowledge lives here; typesetting lives in C. The C typesetter reads only
  the tree this stylesheet makes.

  HOW IT IS BUILT

  Two passes over one stylesheet:

    1. "Layout" (the default mode): TEI elements become l:group, l:block,
       l:grid, l:span ... Every style is an xsl:attribute-set with a plain name
       (title-main, paragraph, heading-1, signatory-name ...). Text is copied
       as it stands in the source, indentation whitespace included. A few
       private markers in the namespace urn:declc:layout-internal (prefix x)
       say what pass 2 must finish:
         x:open / x:close   generated opening / closing marks (quotation
                            marks, a note's call mark); pass 2 keeps spaces
                            out of the marks (ES-04: «hola», not « hola »)
         x:float            content set after the block it stands in (notes)
         x:anonymous        a prototype block for text standing directly in a
                            container (l:group); see pass 2
         @x:strip           "period": remove a single final period (ES-25,
                            ES-35); "label": remove trailing commas and spaces
                            ("Firmantes ," → "Firmantes", ES-35)
         @x:first-label     the label of the first anonymous block
    2. "Finish" (mode finish): whitespace is normalised the way a browser does
       it (see "WHITESPACE" below), the markers are resolved and removed, and
       inline content that stands directly in a container is wrapped in a
       block. Pass 2 knows nothing of TEI, so whatever a house style's own
       templates produce is normalised the same way.

  The passes are joined with exsl:node-set (EXSLT common), which declc
  registers (exsltRegisterAll) and xsltproc provides.

  HOUSE STYLES

  A house style is a stylesheet that xsl:imports this one and then
    - sets any xsl:param below (paper, fonts, footer wording, signatories per
      row ...), and/or
    - redefines attribute sets: a set defined again in the importing
      stylesheet is merged with this one, attribute by attribute, the
      importing stylesheet winning (XSLT 1.0 §7.1.4). Redefine only the
      attributes you change.
  See stylesheets/house-example.xsl. Lengths that depend on nesting (list and
  quotation indents) are computed from the params list-indent and
  quote-indent, so change those rather than start-indent in a set.

  WHITESPACE (pass 2)

  TEI sources are indented, so text nodes carry newlines and runs of spaces.
  Within a block (or a line of it: an l:br ends a line) every run of XML
  whitespace (space, tab, CR, LF; never U+00A0 or U+202F, ES-01) becomes one
  space, and runs at the start and end of a line are dropped. A run may span
  several text nodes and element boundaries ("<hi>Big</hi> <foreign>Data"):
  it is written once, by the text node where it begins, and only if there is
  text both before and after it on the same line. Element boundaries
  themselves are never word boundaries: "co<hi>la</hi>boración" stays one
  word. A run just inside an opening mark or just before a closing mark is
  moved outside it ("dijo<q> hola</q>" → "dijo «hola»").

  NOTES

  The vocabulary has no footnotes yet. A note leaves a superscript call mark
  (its @n, or its number in the document) where it stands, and its text is
  set right after the block that calls it, in a smaller size, labelled with
  the same mark (place="end": at the end of the body). Every word reaches the
  page; a note's words follow the paragraph that calls it.

  SOURCE POSITIONS

  Every block, group, grid and cell (and the span of an inline TEI element
  that has a style) carries src="LINE:COL" of the TEI element it came from,
  through d:pos(), an extension function declc registers in the namespace
  urn:declc:xslt. Under plain xsltproc the function does not exist and src is
  left out.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:l="urn:declc:layout:1"
    xmlns:x="urn:declc:layout-internal"
    xmlns:d="urn:declc:xslt"
    xmlns:exsl="http://exslt.org/common"
    xmlns:es="urn:declc:es"
    exclude-result-prefixes="tei x d exsl es">

  <!-- Spanish words shared with the HTML and the text (the images' text
       alternative so far); its parameters are this file's own. -->
  <xsl:import href="common-es.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- ================================================================== -->
  <!-- Parameters                                                         -->
  <!-- ================================================================== -->
  <!--
    Set with declc's options (paper from paper, the rest with param NAME=VALUE),
    with xsltproc's stringparam, or in a house style's own xsl:param.
    Lengths are points, or a number with a unit: "25mm", "2.5cm", "1in",
    "12pt", "1.5em" (em = font-size).

      paper              A4 (default), letter, oficio (216 × 330 mm), legal
      page-width         overrides the paper's width (a length)
      page-height        overrides the paper's height
      margin-top         25 mm (70.866 pt) by default; likewise
      margin-bottom,     margin-left, margin-right
      font-family        "Linux Libertine O"
      font-size          11 (points)
      leading            baseline to baseline; default 14 at 11 pt, i.e.
                         font-size × 14/11
      paragraph-indent   first-line indent of paragraphs: 1.5em (ES-26)
      paragraph-spacing  space after each paragraph: 0
      indent-first       true: the first paragraph after a heading is
                         indented too (ES-26); false: it is not
      signers-per-row    signatories per row; default: 1 signatory → one
                         column, centred; more → 2 per row, or 3 when every
                         line of every signatory is at most signatory-narrow
                         characters long (ES-35); 1–4 fixes it
      signatory-narrow   the longest line (name, cargo, institution) that
                         still fits a third of the measure: 24 characters
      signatories-compact-from
                         from this many signatories on, a compact list in
                         columns, one line each, "name, cargo — institution"
                         (mass signatures); default 13; 0 or '': never
      compact-columns    columns of that list; default 2, or 3 when every
                         entry is at most signatory-narrow + 10 characters
      letterhead         the house style's logos: image paths relative to
                         the document's folder, separated by spaces, set
                         side by side at the head of page 1 above the
                         document's own logos (ES-36); default none
      footer             true: "Página N de M" at the foot of every page
      footer-format      the footer's wording; {page} and {pages} become the
                         page number and count: "Página {page} de {pages}"
      header             text of a running head on every page but the first;
                         empty (default): no header
      quotes             es (default): « » then “ ” then ‘ ’; latam: “ ” then
                         ‘ ’ then « » (ES-04)
      block-quote-marks  true: a quotation set as an indented block also gets
                         quotation marks (ES-05); false: indentation only
      continued-quotes   true: each later paragraph of a quotation opens with
                         a continuation mark » (ES-05a)
      first-day          the first of a month in generated dates: cardinal
                         ("1 de marzo"), ordinal ("1.º de marzo"); default by
                         language: cardinal for es and es-ES, ordinal for
                         the rest (ES-23)
      year-article       de (default): "14 de noviembre de 2024"; del: "... del
                         2024" (ES-23)
      section-dot        true: a period after heading numbers, "1. Antecedentes"
                         (ES-25b)
      dateline-align     right (default), left, center (ES-24)
      list-indent        indent of each list level: 2em
      quote-indent       indent of a block quotation: 2em
      bullet             the label of bulleted items: •
      bullet-nested      ... of a bulleted list inside a bulleted list: ◦
      signature-space    room above the signature rule: 36 (points)
      signature-rule     length of the signature rule: 170 (about 6 cm)
      label-max          a closer salute followed by the signatories is their
                         label ("Firmantes", centred) when it is at most this
                         many characters and six words long, has no comma
                         inside and contains one of label-words; otherwise
                         it is a closing formula ("Atentamente,", "EN FE DE
                         LO CUAL ..."), set as a paragraph: 60
      label-words        "firm suscri signatari adhier adhes" (parts of words,
                         lower case)
      continued-suffix   appended to the label above a signatory grid that
                         continues on a new page: " (continuación)"
      continued-default  that label when the signatories have none:
                         "Firmantes (continuación)"
  -->
  <xsl:param name="paper" select="'A4'"/>
  <xsl:param name="page-width" select="''"/>
  <xsl:param name="page-height" select="''"/>
  <xsl:param name="margin-top" select="'70.866'"/>
  <xsl:param name="margin-bottom" select="'70.866'"/>
  <xsl:param name="margin-left" select="'70.866'"/>
  <xsl:param name="margin-right" select="'70.866'"/>
  <xsl:param name="font-family" select="'Linux Libertine O'"/>
  <xsl:param name="font-size" select="'11'"/>
  <xsl:param name="leading" select="''"/>
  <xsl:param name="paragraph-indent" select="'1.5em'"/>
  <xsl:param name="paragraph-spacing" select="'0'"/>
  <xsl:param name="indent-first" select="'true'"/>
  <xsl:param name="signers-per-row" select="''"/>
  <xsl:param name="signatory-narrow" select="24"/>
  <xsl:param name="signatories-compact-from" select="13"/>
  <xsl:param name="compact-columns" select="''"/>
  <xsl:param name="letterhead" select="''"/>
  <xsl:param name="footer" select="'true'"/>
  <xsl:param name="footer-format" select="'Página {page} de {pages}'"/>
  <xsl:param name="header" select="''"/>
  <xsl:param name="quotes" select="'es'"/>
  <xsl:param name="block-quote-marks" select="'true'"/>
  <xsl:param name="continued-quotes" select="'true'"/>
  <xsl:param name="first-day" select="''"/>
  <xsl:param name="year-article" select="'de'"/>
  <xsl:param name="section-dot" select="'true'"/>
  <xsl:param name="dateline-align" select="'right'"/>
  <xsl:param name="list-indent" select="'2em'"/>
  <xsl:param name="quote-indent" select="'2em'"/>
  <xsl:param name="bullet" select="'•'"/>
  <xsl:param name="bullet-nested" select="'◦'"/>
  <xsl:param name="signature-space" select="'36'"/>
  <xsl:param name="signature-rule" select="'170'"/>
  <xsl:param name="label-max" select="60"/>
  <xsl:param name="label-words" select="'firm suscri signatari adhier adhes'"/>
  <xsl:param name="continued-suffix" select="' (continuación)'"/>
  <xsl:param name="continued-default" select="'Firmantes (continuación)'"/>

  <!-- ================================================================== -->
  <!-- Derived numbers (points)                                           -->
  <!-- ================================================================== -->

  <xsl:variable name="ws" select="' &#9;&#10;&#13;'"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÚÜÑ'"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyzáéíóúüñ'"/>

  <xsl:variable name="fs" select="number($font-size)"/>
  <xsl:variable name="lead">
    <xsl:choose>
      <xsl:when test="string($leading) = ''">
        <xsl:value-of select="format-number($fs * 14 div 11, '0.###')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="points"><xsl:with-param name="length" select="$leading"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="indent-pt">
    <xsl:call-template name="points"><xsl:with-param name="length" select="$paragraph-indent"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="spacing-pt">
    <xsl:call-template name="points"><xsl:with-param name="length" select="$paragraph-spacing"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="list-indent-pt">
    <xsl:call-template name="points"><xsl:with-param name="length" select="$list-indent"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="quote-indent-pt">
    <xsl:call-template name="points"><xsl:with-param name="length" select="$quote-indent"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="signature-space-pt">
    <xsl:call-template name="points"><xsl:with-param name="length" select="$signature-space"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="signature-rule-pt">
    <xsl:call-template name="points"><xsl:with-param name="length" select="$signature-rule"/></xsl:call-template>
  </xsl:variable>

  <!-- Paper sizes in points (1 mm = 72/25.4 pt). -->
  <xsl:variable name="paper-key" select="translate(normalize-space($paper), $upper, $lower)"/>
  <xsl:variable name="paper-width">
    <xsl:choose>
      <xsl:when test="$paper-key = 'a4'">595.276</xsl:when>
      <xsl:when test="$paper-key = 'letter'">612</xsl:when>
      <xsl:when test="$paper-key = 'legal'">612</xsl:when>
      <xsl:when test="$paper-key = 'oficio'">612.283</xsl:when>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="paper-height">
    <xsl:choose>
      <xsl:when test="$paper-key = 'a4'">841.89</xsl:when>
      <xsl:when test="$paper-key = 'letter'">792</xsl:when>
      <xsl:when test="$paper-key = 'legal'">1008</xsl:when>
      <xsl:when test="$paper-key = 'oficio'">935.433</xsl:when>
    </xsl:choose>
  </xsl:variable>

  <!-- Quotation marks by nesting level, opening and closing (ES-04). -->
  <xsl:variable name="marks-open">
    <xsl:choose>
      <xsl:when test="$quotes = 'latam'">“‘«</xsl:when>
      <xsl:otherwise>«“‘</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="marks-close">
    <xsl:choose>
      <xsl:when test="$quotes = 'latam'">”’»</xsl:when>
      <xsl:otherwise>»”’</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- Abbreviations whose final period is not removed from a heading, a
       title line or a signatory line (ES-25a, ES-35). Lower case, one per
       word, between spaces. Words with an inner period (S.A., Ph.D.) and
       single initials (J.) are recognised without a list. -->
  <xsl:variable name="abbreviations"
      select="' etc. ltda. cía. inc. ltd. co. corp. jr. sr. sra. srta. sres. dr. dra. lic. ing. prof. profa. abog. arq. avda. av. hnos. mons. excmo. excma. ilmo. ilma. sto. sta. núm. art. arts. pág. págs. vol. cap. ed. coord. dir. depto. dpto. gral. admón. adm. ext. tel. '"/>

  <!-- ================================================================== -->
  <!-- Attribute sets: the styles. Override any of them in a house style. -->
  <!-- ================================================================== -->

  <!-- Page and furniture -->

  <xsl:attribute-set name="page">
    <xsl:attribute name="width">
      <xsl:choose>
        <xsl:when test="string($page-width) != ''"><xsl:call-template name="points"><xsl:with-param name="length" select="$page-width"/></xsl:call-template></xsl:when>
        <xsl:otherwise><xsl:value-of select="$paper-width"/></xsl:otherwise>
      </xsl:choose>
    </xsl:attribute>
    <xsl:attribute name="height">
      <xsl:choose>
        <xsl:when test="string($page-height) != ''"><xsl:call-template name="points"><xsl:with-param name="length" select="$page-height"/></xsl:call-template></xsl:when>
        <xsl:otherwise><xsl:value-of select="$paper-height"/></xsl:otherwise>
      </xsl:choose>
    </xsl:attribute>
    <xsl:attribute name="margin-top"><xsl:call-template name="points"><xsl:with-param name="length" select="$margin-top"/></xsl:call-template></xsl:attribute>
    <xsl:attribute name="margin-bottom"><xsl:call-template name="points"><xsl:with-param name="length" select="$margin-bottom"/></xsl:call-template></xsl:attribute>
    <xsl:attribute name="margin-left"><xsl:call-template name="points"><xsl:with-param name="length" select="$margin-left"/></xsl:call-template></xsl:attribute>
    <xsl:attribute name="margin-right"><xsl:call-template name="points"><xsl:with-param name="length" select="$margin-right"/></xsl:call-template></xsl:attribute>
  </xsl:attribute-set>

  <!-- l:header: a running head, from page 2 on. -->
  <xsl:attribute-set name="header">
    <xsl:attribute name="first-page">false</xsl:attribute>
    <xsl:attribute name="font-family"><xsl:value-of select="$font-family"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="header-block">
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs - 2, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number(($fs - 2) * 1.25, '0.##')"/></xsl:attribute>
    <xsl:attribute name="font-style">italic</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
  </xsl:attribute-set>

  <!-- l:footer: "Página N de M", every page, in the document's family. -->
  <xsl:attribute-set name="footer">
    <xsl:attribute name="font-family"><xsl:value-of select="$font-family"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="footer-block">
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs - 2, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number(($fs - 2) * 1.25, '0.##')"/></xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
  </xsl:attribute-set>

  <!-- The flow: defaults for everything inside it. -->
  <xsl:attribute-set name="body">
    <xsl:attribute name="font-family"><xsl:value-of select="$font-family"/></xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="$lead"/></xsl:attribute>
    <xsl:attribute name="align">justify</xsl:attribute>
    <xsl:attribute name="hyphenate">true</xsl:attribute>
    <xsl:attribute name="widows">2</xsl:attribute>
    <xsl:attribute name="orphans">2</xsl:attribute>
  </xsl:attribute-set>

  <!-- Title block (ES-36): centred, bold, never hyphenated, no final
       periods, kept together and with what follows. -->

  <xsl:attribute-set name="title-block">
    <xsl:attribute name="tag">Title</xsl:attribute>
    <xsl:attribute name="keep-together">true</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="title-line">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
  </xsl:attribute-set>

  <!-- The document type: DECLARACIÓN. -->
  <xsl:attribute-set name="title-main" use-attribute-sets="title-line">
    <xsl:attribute name="tag">H1</xsl:attribute>
    <xsl:attribute name="outline-level">1</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs + 3, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number(($fs + 3) * 1.3, '0.##')"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="format-number($lead div 2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The name of the event or body; other title lines. -->
  <xsl:attribute-set name="title-sub" use-attribute-sets="title-line">
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs + 1, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number(($fs + 1) * 1.3, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The date and place line (docDate, docImprint). -->
  <xsl:attribute-set name="title-date" use-attribute-sets="title-line">
    <xsl:attribute name="space-before"><xsl:value-of select="format-number($lead div 2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The letterhead: page 1's band of logos above the title block, and
       the space between it and the title. -->
  <xsl:attribute-set name="letterhead">
    <xsl:attribute name="first-page-only">true</xsl:attribute>
    <xsl:attribute name="font-family"><xsl:value-of select="$font-family"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- Logos in the letterhead: a grid, one image per cell. -->
  <xsl:attribute-set name="logo-grid">
    <xsl:attribute name="tag">Div</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="column-gap">24</xsl:attribute>
    <xsl:attribute name="row-gap">12</xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="logo-cell"/>

  <xsl:attribute-set name="logo">
    <xsl:attribute name="height">48</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
  </xsl:attribute-set>

  <!-- Space between the title block and the text. -->
  <xsl:attribute-set name="title-space">
    <xsl:attribute name="height"><xsl:value-of select="format-number(2 * $lead, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- Body text -->

  <!-- Every paragraph is indented, the first after a heading included
       (ES-26). -->
  <xsl:attribute-set name="paragraph">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="text-indent"><xsl:value-of select="$indent-pt"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="$spacing-pt"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- Added after "paragraph" for rend="noindent", and with
       indent-first=false for the first paragraph after a heading. -->
  <xsl:attribute-set name="paragraph-noindent">
    <xsl:attribute name="text-indent">0</xsl:attribute>
  </xsl:attribute-set>

  <!-- A division (div) and an article (div type="article"). -->
  <xsl:attribute-set name="section">
    <xsl:attribute name="tag">Sect</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="article">
    <xsl:attribute name="tag">Sect</xsl:attribute>
  </xsl:attribute-set>

  <!-- Headings (ES-25): never hyphenated or justified, kept with what
       follows, a PDF tag and bookmark by depth. Evaluated on the head. -->
  <xsl:attribute-set name="heading">
    <xsl:attribute name="tag">H<xsl:value-of select="1 + (count(ancestor::tei:div) &gt; 1) + (count(ancestor::tei:div) &gt; 2) + (count(ancestor::tei:div) &gt; 3) + (count(ancestor::tei:div) &gt; 4) + (count(ancestor::tei:div) &gt; 5)"/></xsl:attribute>
    <xsl:attribute name="outline-level"><xsl:value-of select="count(ancestor::tei:div) + (count(ancestor::tei:div) = 0)"/></xsl:attribute>
    <xsl:attribute name="align">left</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="heading-1" use-attribute-sets="heading">
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs + 1, '0.##')"/></xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="format-number($lead * 1.5, '0.##')"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="format-number($lead div 2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="heading-2" use-attribute-sets="heading">
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="$lead"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="format-number($lead div 3, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- Depth 3 and deeper. -->
  <xsl:attribute-set name="heading-3" use-attribute-sets="heading">
    <xsl:attribute name="font-style">italic</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="format-number($lead * 0.75, '0.##')"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="format-number($lead div 4, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The head of an article ("Artículo 1.º"), at any depth. -->
  <xsl:attribute-set name="article-heading" use-attribute-sets="heading">
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="format-number($lead * 0.75, '0.##')"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="format-number($lead div 4, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The head of a list. -->
  <xsl:attribute-set name="list-head">
    <xsl:attribute name="tag">Caption</xsl:attribute>
    <xsl:attribute name="font-style">italic</xsl:attribute>
    <xsl:attribute name="align">left</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
  </xsl:attribute-set>

  <!-- Lists: a group tagged L, one block per item, its label (1., a), •)
       set in the start indent. Evaluated on the TEI list / item. -->
  <xsl:attribute-set name="list">
    <xsl:attribute name="tag">L</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="list-item">
    <xsl:attribute name="tag">LI</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="label-gap">6</xsl:attribute>
    <xsl:attribute name="start-indent"><xsl:value-of select="format-number(count(ancestor::tei:quote) * $quote-indent-pt + count(ancestor-or-self::tei:list) * $list-indent-pt, '0.###')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- An item holding a nested list: a group tagged LI around the item's
       own text (list-item, then list-item-text, tagged LBody) and the nested
       list. -->
  <xsl:attribute-set name="list-item-group">
    <xsl:attribute name="tag">LI</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="list-item-text">
    <xsl:attribute name="tag">LBody</xsl:attribute>
  </xsl:attribute-set>

  <!-- A quotation set as a block (a quote between paragraphs or holding
       paragraphs): indented, a size smaller, tagged Quote. Evaluated on the
       TEI quote. -->
  <xsl:attribute-set name="quote-block">
    <xsl:attribute name="tag">Quote</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs - 1, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number($lead * ($fs - 1) div $fs, '0.##')"/></xsl:attribute>
    <xsl:attribute name="start-indent"><xsl:value-of select="format-number(count(ancestor-or-self::tei:quote) * $quote-indent-pt, '0.###')"/></xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="format-number($lead div 2, '0.##')"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="format-number($lead div 2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- A paragraph inside a block quotation (added after "paragraph"), and a
       block quotation's text when it holds no paragraphs. -->
  <xsl:attribute-set name="quote-paragraph"/>

  <xsl:attribute-set name="quote-text">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
  </xsl:attribute-set>

  <!-- Notes: a superscript call mark in the text; the note itself set after
       the block that calls it (place="foot") or at the end of the body
       (place="end"), in a smaller size, labelled with its number. -->
  <xsl:attribute-set name="note-mark">
    <xsl:attribute name="baseline-shift">super</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs * 0.7, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="note">
    <xsl:attribute name="tag">Note</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs - 2, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number(($fs - 2) * 1.25, '0.##')"/></xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="start-indent"><xsl:value-of select="format-number($fs * 1.5, '0.##')"/></xsl:attribute>
    <xsl:attribute name="label-gap">4</xsl:attribute>
    <xsl:attribute name="space-before">3</xsl:attribute>
    <xsl:attribute name="space-after">3</xsl:attribute>
  </xsl:attribute-set>

  <!-- Inline styles: one set per @rend word of hi (and of names and title
       lines), nested when several apply. -->
  <xsl:attribute-set name="hi-italic">
    <xsl:attribute name="font-style">italic</xsl:attribute>
  </xsl:attribute-set>
  <xsl:attribute-set name="hi-bold">
    <xsl:attribute name="font-weight">bold</xsl:attribute>
  </xsl:attribute-set>
  <xsl:attribute-set name="hi-smallcaps">
    <xsl:attribute name="font-variant">small-caps</xsl:attribute>
  </xsl:attribute-set>
  <!-- ES-20: the typesetter keeps accents when it uppercases. -->
  <xsl:attribute-set name="hi-uppercase">
    <xsl:attribute name="text-transform">uppercase</xsl:attribute>
  </xsl:attribute-set>
  <!-- Superscripts, and the ordinal endings the typography pass marks
       (1.<hi rend="sup">er</hi>, ES-17): the font's own superior letters
       and figures (OpenType sups) at the size of the text around them; the
       typesetter raises and scales the ordinary glyphs instead when the font
       has none for them (docs/layout.md, font-features). -->
  <xsl:attribute-set name="hi-sup">
    <xsl:attribute name="font-features">sups=1</xsl:attribute>
  </xsl:attribute-set>
  <xsl:attribute-set name="hi-sub">
    <xsl:attribute name="baseline-shift">sub</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs * 0.7, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>
  <!-- The vocabulary has no underline: underlined text is set plain. -->
  <xsl:attribute-set name="hi-underline"/>

  <!-- A personal name in running text (ES-32): never hyphenated. -->
  <xsl:attribute-set name="person-name">
    <xsl:attribute name="hyphens">none</xsl:attribute>
  </xsl:attribute-set>

  <!-- A foreign word or phrase (ES-34): italic, or upright inside italic. -->
  <xsl:attribute-set name="foreign">
    <xsl:attribute name="font-style">italic</xsl:attribute>
  </xsl:attribute-set>
  <xsl:attribute-set name="foreign-in-italic">
    <xsl:attribute name="font-style">normal</xsl:attribute>
  </xsl:attribute-set>

  <!-- A link (ref): the text as it is; the target goes in href. -->
  <xsl:attribute-set name="link"/>

  <!-- Opener (letters): dateline, addressee, salutation. -->
  <xsl:attribute-set name="opener">
    <xsl:attribute name="tag">Div</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="address">
    <xsl:attribute name="tag">Div</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="address-line">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align">left</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
  </xsl:attribute-set>

  <!-- "Señor Ministro:" -->
  <xsl:attribute-set name="salute">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align">left</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="$lead"/></xsl:attribute>
    <xsl:attribute name="space-after"><xsl:value-of select="format-number($lead div 2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- Place and date (ES-24): flush right by default, never indented or
       hyphenated, kept with the signatures. -->
  <xsl:attribute-set name="dateline">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align"><xsl:value-of select="$dateline-align"/></xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- Closer: formulas, the label and the grid of signatories. -->
  <xsl:attribute-set name="closer">
    <xsl:attribute name="tag">Div</xsl:attribute>
  </xsl:attribute-set>

  <!-- A closing formula before the signatures ("Atentamente,"). -->
  <xsl:attribute-set name="closer-salute">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="text-indent"><xsl:value-of select="$indent-pt"/></xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- A long one ("EN FE DE LO CUAL, las partes firman ..."): a paragraph
       kept with the signatures. -->
  <xsl:attribute-set name="closer-formula">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="text-indent"><xsl:value-of select="$indent-pt"/></xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="format-number($lead div 2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The label of the signatures ("Firmantes"), ES-35. -->
  <xsl:attribute-set name="signatures-label">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="font-weight">bold</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="keep-with-next">true</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="format-number($lead * 1.5, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The signatories: a grid kept with the two lines before it (ES-27);
       an incomplete last row is centred. columns is set by the template
       (signers-per-row). Tagged PDF reads it as the table it looks like:
       Table, a TR per row (added by the renderer), a TD per signatory. -->
  <xsl:attribute-set name="signatory-grid">
    <xsl:attribute name="tag">Table</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="column-gap">28</xsl:attribute>
    <xsl:attribute name="row-gap"><xsl:value-of select="format-number($lead * 1.5, '0.##')"/></xsl:attribute>
    <xsl:attribute name="keep-with-previous">2</xsl:attribute>
    <xsl:attribute name="last-row-align">center</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="signatory-cell">
    <xsl:attribute name="tag">TD</xsl:attribute>
  </xsl:attribute-set>

  <!-- Room for the handwritten signature, then the line to sign on. -->
  <xsl:attribute-set name="signature-space">
    <xsl:attribute name="height"><xsl:value-of select="$signature-space-pt"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="signature-image">
    <xsl:attribute name="height"><xsl:value-of select="$signature-space-pt"/></xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="signature-rule">
    <xsl:attribute name="width"><xsl:value-of select="$signature-rule-pt"/></xsl:attribute>
    <xsl:attribute name="thickness">0.5</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="space-after">2</xsl:attribute>
  </xsl:attribute-set>

  <!-- The posfirma lines: centred, never justified or hyphenated. -->
  <xsl:attribute-set name="signatory-line">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number($fs * 1.2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The name: a person's, or an institution that signs as such. -->
  <xsl:attribute-set name="signatory-name" use-attribute-sets="signatory-line">
    <xsl:attribute name="font-weight">bold</xsl:attribute>
  </xsl:attribute-set>

  <!-- The cargo, in small capitals. -->
  <xsl:attribute-set name="signatory-role" use-attribute-sets="signatory-line">
    <xsl:attribute name="font-variant">small-caps</xsl:attribute>
  </xsl:attribute-set>

  <!-- The institution. -->
  <xsl:attribute-set name="signatory-org" use-attribute-sets="signatory-line"/>

  <!-- Its units (Facultad, Departamento), one per line, a size smaller. -->
  <xsl:attribute-set name="signatory-unit" use-attribute-sets="signatory-line">
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs - 1, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number(($fs - 1) * 1.2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- The compact list of many signatories (signatories-compact-from): a
       grid of one-line cells without rules, kept with the text before it
       like the full grid. -->
  <xsl:attribute-set name="signatory-list">
    <xsl:attribute name="tag">L</xsl:attribute>
    <xsl:attribute name="column-gap">18</xsl:attribute>
    <xsl:attribute name="row-gap">2</xsl:attribute>
    <xsl:attribute name="keep-with-previous">2</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="signatory-list-cell">
    <xsl:attribute name="tag">LI</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="signatory-list-entry">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align">left</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="font-size"><xsl:value-of select="format-number($fs - 1.5, '0.##')"/></xsl:attribute>
    <xsl:attribute name="line-height"><xsl:value-of select="format-number(($fs - 1.5) * 1.2, '0.##')"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="signatory-list-name">
    <xsl:attribute name="font-weight">bold</xsl:attribute>
  </xsl:attribute-set>

  <!-- The place to sign of a compact entry: room for the signature and a
       short line above the entry; only in a PDF with signature fields
       (fields-only), whose field covers the line and that room. -->
  <xsl:attribute-set name="signatory-list-rule">
    <xsl:attribute name="fields-only">true</xsl:attribute>
    <xsl:attribute name="width">110</xsl:attribute>
    <xsl:attribute name="thickness">0.5</xsl:attribute>
    <xsl:attribute name="align">left</xsl:attribute>
    <xsl:attribute name="space-before">22</xsl:attribute>
    <xsl:attribute name="field-height">22</xsl:attribute>
    <xsl:attribute name="space-after">2</xsl:attribute>
  </xsl:attribute-set>

  <!-- After the signatures. -->
  <xsl:attribute-set name="postscript-space">
    <xsl:attribute name="height"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="postscript">
    <xsl:attribute name="tag">Div</xsl:attribute>
  </xsl:attribute-set>

  <xsl:attribute-set name="trailer">
    <xsl:attribute name="tag">P</xsl:attribute>
    <xsl:attribute name="align">center</xsl:attribute>
    <xsl:attribute name="text-indent">0</xsl:attribute>
    <xsl:attribute name="hyphenate">false</xsl:attribute>
    <xsl:attribute name="space-before"><xsl:value-of select="$lead"/></xsl:attribute>
  </xsl:attribute-set>

  <!-- An image in the text (set after the block that holds it). -->
  <xsl:attribute-set name="image">
    <xsl:attribute name="align">center</xsl:attribute>
  </xsl:attribute-set>

  <!-- Text found directly in a container, wrapped by pass 2 (a safety net:
       the schema leaves none). -->
  <xsl:attribute-set name="anonymous">
    <xsl:attribute name="text-indent">0</xsl:attribute>
  </xsl:attribute-set>

  <!-- ================================================================== -->
  <!-- Pass 1: the document                                               -->
  <!-- ================================================================== -->

  <xsl:template match="/">
    <xsl:if test="not(tei:TEI)">
      <xsl:message terminate="yes">layout.xsl: the document element is not TEI (namespace http://www.tei-c.org/ns/1.0)</xsl:message>
    </xsl:if>
    <xsl:if test="string($page-width) = '' and string($paper-width) = ''">
      <xsl:message terminate="yes">layout.xsl: unknown paper "<xsl:value-of select="$paper"/>" (A4, letter, oficio, legal)</xsl:message>
    </xsl:if>
    <xsl:variable name="raw">
      <xsl:apply-templates select="tei:TEI"/>
    </xsl:variable>
    <xsl:apply-templates select="exsl:node-set($raw)/node()" mode="finish"/>
  </xsl:template>

  <xsl:template match="tei:TEI">
    <l:layout>
      <xsl:if test="@xml:lang">
        <xsl:attribute name="xml:lang"><xsl:value-of select="@xml:lang"/></xsl:attribute>
      </xsl:if>
      <xsl:call-template name="meta"/>
      <l:page xsl:use-attribute-sets="page"/>
      <xsl:call-template name="header"/>
      <xsl:call-template name="footer"/>
      <l:body xsl:use-attribute-sets="body">
        <xsl:for-each select="tei:text">
          <xsl:call-template name="src"/>
        </xsl:for-each>
        <xsl:apply-templates select="tei:text"/>
      </l:body>
    </l:layout>
  </xsl:template>

  <!-- PDF metadata from the teiHeader. -->
  <xsl:template name="meta">
    <xsl:variable name="fd" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="title" select="($fd/tei:titleStmt/tei:title[@type = 'main'] | $fd/tei:titleStmt/tei:title[not(@type)])[1]"/>
    <l:meta>
      <xsl:if test="$title">
        <xsl:attribute name="title"><xsl:apply-templates select="$title" mode="plain"/></xsl:attribute>
      </xsl:if>
      <xsl:variable name="author">
        <xsl:choose>
          <xsl:when test="$fd/tei:titleStmt/tei:author">
            <xsl:for-each select="$fd/tei:titleStmt/tei:author">
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:apply-templates select="." mode="plain"/>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>
            <xsl:for-each select="$fd/tei:publicationStmt/tei:publisher">
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:apply-templates select="." mode="plain"/>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:if test="string($author) != ''">
        <xsl:attribute name="author"><xsl:value-of select="$author"/></xsl:attribute>
      </xsl:if>
      <xsl:variable name="subject">
        <xsl:for-each select="tei:text/tei:front/tei:docTitle/tei:titlePart">
          <xsl:if test="position() &gt; 1"> — </xsl:if>
          <xsl:apply-templates select="." mode="plain"/>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="string($subject) != ''">
        <xsl:attribute name="subject"><xsl:value-of select="$subject"/></xsl:attribute>
      </xsl:if>
      <xsl:variable name="terms" select="tei:teiHeader/tei:profileDesc/tei:textClass/tei:keywords/tei:term[normalize-space()]"/>
      <xsl:if test="$terms">
        <xsl:attribute name="keywords">
          <xsl:for-each select="$terms">
            <xsl:if test="position() &gt; 1">, </xsl:if>
            <xsl:value-of select="normalize-space()"/>
          </xsl:for-each>
        </xsl:attribute>
      </xsl:if>
      <xsl:variable name="date" select="$fd/tei:publicationStmt/tei:date[1]"/>
      <xsl:choose>
        <xsl:when test="$date/@when">
          <xsl:attribute name="date"><xsl:value-of select="$date/@when"/></xsl:attribute>
        </xsl:when>
        <xsl:when test="$date/@from">
          <xsl:attribute name="date"><xsl:value-of select="$date/@from"/></xsl:attribute>
        </xsl:when>
      </xsl:choose>
      <xsl:if test="@xml:lang">
        <xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute>
      </xsl:if>
      <xsl:attribute name="creator">declc</xsl:attribute>
    </l:meta>
  </xsl:template>

  <!-- The plain text of an element for metadata: lb is a space, the
       whitespace is normalised. -->
  <xsl:template match="*" mode="plain">
    <xsl:variable name="s"><xsl:apply-templates mode="plain-text"/></xsl:variable>
    <xsl:value-of select="normalize-space($s)"/>
  </xsl:template>
  <xsl:template match="tei:lb" mode="plain-text"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="tei:note | tei:pb" mode="plain-text"/>
  <xsl:template match="tei:date[not(node())]" mode="plain-text">
    <xsl:call-template name="date-words"/>
  </xsl:template>

  <!-- Running head, when the param header is set; then page 1's
       letterhead. -->
  <xsl:template name="header">
    <xsl:if test="normalize-space($header) != ''">
      <l:header xsl:use-attribute-sets="header">
        <l:block xsl:use-attribute-sets="header-block"><xsl:value-of select="$header"/></l:block>
      </l:header>
    </xsl:if>
    <xsl:call-template name="letterhead"/>
  </xsl:template>

  <!-- The letterhead: the logos of the letterhead parameter (the house
       style's) and of the front's figure, side by side, in a band at the
       top of page 1 (l:header first-page-only), outside the flow: the
       title block starts below it. The house style's logos carry no text
       alternative and are drawn as decoration (artifacts); the document's
       own have one (image-alt) and are figures of its structure. Context:
       tei:TEI. -->
  <xsl:template name="letterhead">
    <xsl:variable name="figures" select="tei:text/tei:front/tei:figure"/>
    <xsl:if test="normalize-space($letterhead) != '' or $figures">
      <l:header xsl:use-attribute-sets="letterhead">
        <xsl:for-each select="$figures[1]"><xsl:call-template name="src"/></xsl:for-each>
        <xsl:if test="normalize-space($letterhead) != ''">
          <xsl:variable name="n" select="string-length(normalize-space($letterhead)) - string-length(translate(normalize-space($letterhead), ' ', '')) + 1"/>
          <l:grid xsl:use-attribute-sets="logo-grid">
            <xsl:attribute name="columns">
              <xsl:choose>
                <xsl:when test="$n &gt; 4">4</xsl:when>
                <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:call-template name="letterhead-cells">
              <xsl:with-param name="list" select="concat(normalize-space($letterhead), ' ')"/>
            </xsl:call-template>
          </l:grid>
        </xsl:if>
        <xsl:apply-templates select="$figures" mode="title"/>
      </l:header>
    </xsl:if>
  </xsl:template>

  <!-- "Página N de M": the words from footer-format, the numbers from the
       paginator. -->
  <xsl:template name="footer">
    <xsl:if test="$footer = 'true' and normalize-space($footer-format) != ''">
      <l:footer xsl:use-attribute-sets="footer">
        <l:block xsl:use-attribute-sets="footer-block">
          <xsl:call-template name="footer-words">
            <xsl:with-param name="s" select="$footer-format"/>
          </xsl:call-template>
        </l:block>
      </l:footer>
    </xsl:if>
  </xsl:template>

  <xsl:template name="footer-words">
    <xsl:param name="s"/>
    <xsl:variable name="a" select="substring-before($s, '{page}')"/>
    <xsl:variable name="b" select="substring-before($s, '{pages}')"/>
    <xsl:choose>
      <!-- {page} comes first -->
      <xsl:when test="contains($s, '{page}') and (not(contains($s, '{pages}')) or string-length($a) &lt; string-length($b))">
        <xsl:value-of select="$a"/>
        <l:page-number/>
        <xsl:call-template name="footer-words">
          <xsl:with-param name="s" select="substring-after($s, '{page}')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="contains($s, '{pages}')">
        <xsl:value-of select="$b"/>
        <l:page-count/>
        <xsl:call-template name="footer-words">
          <xsl:with-param name="s" select="substring-after($s, '{pages}')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:teiHeader"/>

  <xsl:template match="tei:text">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="tei:body | tei:back">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- Page breaks of the printed original: not ours. -->
  <xsl:template match="tei:pb"/>

  <!-- ================================================================== -->
  <!-- Title block (ES-36)                                                -->
  <!-- ================================================================== -->

  <!-- The whole front is the title block: title lines, date and place
       lines, kept together, then a space. Its parts are rendered in mode
       "title". Its logos are page 1's letterhead (template letterhead). -->
  <xsl:template match="tei:front">
    <l:group xsl:use-attribute-sets="title-block">
      <xsl:call-template name="src"/>
      <!-- the logos are in the letterhead (template letterhead) -->
      <xsl:apply-templates select="*[not(self::tei:figure)]" mode="title"/>
    </l:group>
    <l:space xsl:use-attribute-sets="title-space"/>
  </xsl:template>

  <!-- One logo cell per path of the letterhead list. -->
  <xsl:template name="letterhead-cells">
    <xsl:param name="list"/>
    <xsl:if test="$list != ''">
      <l:cell xsl:use-attribute-sets="logo-cell">
        <l:image xsl:use-attribute-sets="logo" src="{substring-before($list, ' ')}"/>
      </l:cell>
      <xsl:call-template name="letterhead-cells">
        <xsl:with-param name="list" select="substring-after($list, ' ')"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:titlePage | tei:docTitle" mode="title">
    <xsl:apply-templates select="*" mode="title"/>
  </xsl:template>

  <!-- The main title: type="main", or the first line when none is. -->
  <xsl:template match="tei:titlePart[@type = 'main' or (not(../tei:titlePart[@type = 'main']) and not(preceding-sibling::tei:titlePart))]" mode="title">
    <l:block xsl:use-attribute-sets="title-main" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <xsl:template match="tei:titlePart" mode="title">
    <l:block xsl:use-attribute-sets="title-sub" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <xsl:template match="tei:docDate | tei:docImprint | tei:docAuthor | tei:docEdition | tei:byline" mode="title">
    <l:block xsl:use-attribute-sets="title-date" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:apply-templates select="."/>
    </l:block>
  </xsl:template>

  <!-- Logos: one figure, its graphics side by side. -->
  <xsl:template match="tei:figure" mode="title">
    <xsl:variable name="n" select="count(tei:graphic)"/>
    <l:grid xsl:use-attribute-sets="logo-grid">
      <xsl:attribute name="columns">
        <xsl:choose>
          <xsl:when test="$n &gt; 4">4</xsl:when>
          <xsl:when test="$n &lt; 1">1</xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="src"/>
      <xsl:for-each select="tei:graphic">
        <l:cell xsl:use-attribute-sets="logo-cell">
          <xsl:call-template name="src"/>
          <xsl:call-template name="image">
            <xsl:with-param name="default-height" select="''"/>
            <xsl:with-param name="set" select="'logo'"/>
          </xsl:call-template>
        </l:cell>
      </xsl:for-each>
    </l:grid>
  </xsl:template>

  <xsl:template match="tei:pb" mode="title"/>

  <xsl:template match="*" mode="title">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Divisions, headings, paragraphs                                    -->
  <!-- ================================================================== -->

  <xsl:template match="tei:div">
    <l:group xsl:use-attribute-sets="section">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates/>
    </l:group>
  </xsl:template>

  <xsl:template match="tei:div[@type = 'article']">
    <l:group xsl:use-attribute-sets="article">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates/>
    </l:group>
  </xsl:template>

  <!-- A heading, by the depth of its div (ES-25); articles have their own
       style at any depth. -->
  <xsl:template match="tei:div/tei:head">
    <xsl:variable name="depth" select="count(ancestor::tei:div)"/>
    <xsl:choose>
      <xsl:when test="../@type = 'article'">
        <l:block xsl:use-attribute-sets="article-heading" x:strip="period">
          <xsl:call-template name="heading-content"/>
        </l:block>
      </xsl:when>
      <xsl:when test="$depth = 1">
        <l:block xsl:use-attribute-sets="heading-1" x:strip="period">
          <xsl:call-template name="heading-content"/>
        </l:block>
      </xsl:when>
      <xsl:when test="$depth = 2">
        <l:block xsl:use-attribute-sets="heading-2" x:strip="period">
          <xsl:call-template name="heading-content"/>
        </l:block>
      </xsl:when>
      <xsl:otherwise>
        <l:block xsl:use-attribute-sets="heading-3" x:strip="period">
          <xsl:call-template name="heading-content"/>
        </l:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The heading's number (ES-25b: "2.1. Objetivos"): head/@n, printed
       unless the text already starts with it; or div/@n, printed unless the
       text already has it as a word ("Título I. Disposiciones generales",
       "Artículo 12. Solución de controversias" stay as typed). -->
  <xsl:template name="heading-content">
    <xsl:call-template name="block-attributes"/>
    <xsl:variable name="text" select="normalize-space(.)"/>
    <xsl:variable name="words" select="concat(' ', translate($text, '.,:;()[]ºª', '           '), ' ')"/>
    <xsl:variable name="n">
      <xsl:choose>
        <xsl:when test="normalize-space(@n) != ''">
          <xsl:if test="not(starts-with($text, normalize-space(@n)))"><xsl:value-of select="normalize-space(@n)"/></xsl:if>
        </xsl:when>
        <xsl:when test="normalize-space(../@n) != ''">
          <xsl:if test="not(contains($words, concat(' ', translate(normalize-space(../@n), '.', ' '), ' ')))"><xsl:value-of select="normalize-space(../@n)"/></xsl:if>
        </xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:if test="$n != ''">
      <xsl:value-of select="$n"/>
      <xsl:if test="$section-dot = 'true' and substring($n, string-length($n)) != '.'">.</xsl:if>
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:call-template name="rend-content"/>
  </xsl:template>

  <xsl:template match="tei:list/tei:head">
    <l:block xsl:use-attribute-sets="list-head" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <!-- Any other head (TEI allows some in places declc's schema does not):
       a heading of the current depth. -->
  <xsl:template match="tei:head">
    <l:block xsl:use-attribute-sets="heading-3" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <!-- Paragraphs (ES-26): indented, the first after a heading too unless
       indent-first=false; rend="noindent" (or a centred or right-aligned
       paragraph) has no indent. -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:variable name="first" select="not(preceding-sibling::*[not(self::tei:pb)][1][not(self::tei:head)])"/>
    <xsl:choose>
      <xsl:when test="contains(concat(' ', normalize-space(@rend), ' '), ' noindent ')
                      or contains(concat(' ', normalize-space(@rend), ' '), ' center ')
                      or contains(concat(' ', normalize-space(@rend), ' '), ' right ')
                      or ($indent-first = 'false' and $first)">
        <l:block xsl:use-attribute-sets="paragraph paragraph-noindent">
          <xsl:call-template name="paragraph-content"/>
        </l:block>
      </xsl:when>
      <xsl:when test="parent::tei:quote">
        <l:block xsl:use-attribute-sets="paragraph quote-paragraph">
          <xsl:call-template name="paragraph-content"/>
        </l:block>
      </xsl:when>
      <xsl:otherwise>
        <l:block xsl:use-attribute-sets="paragraph">
          <xsl:call-template name="paragraph-content"/>
        </l:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A paragraph's content; in a block quotation with marks, the opening
       mark, the continuation mark of each later paragraph (ES-05a) and the
       closing mark. -->
  <xsl:template name="paragraph-content">
    <xsl:call-template name="block-attributes"/>
    <xsl:variable name="marked" select="parent::tei:quote and $block-quote-marks = 'true'"/>
    <xsl:variable name="level"><xsl:for-each select=".."><xsl:call-template name="quote-level"/></xsl:for-each></xsl:variable>
    <xsl:if test="$marked">
      <xsl:choose>
        <xsl:when test="not(preceding-sibling::tei:p | preceding-sibling::tei:ab)">
          <x:open><xsl:call-template name="mark"><xsl:with-param name="level" select="$level"/></xsl:call-template></x:open>
        </xsl:when>
        <xsl:when test="$continued-quotes = 'true'">
          <x:open><xsl:call-template name="mark"><xsl:with-param name="level" select="$level"/><xsl:with-param name="closing" select="true()"/></xsl:call-template></x:open>
        </xsl:when>
      </xsl:choose>
    </xsl:if>
    <xsl:call-template name="rend-content"/>
    <xsl:if test="$marked and not(following-sibling::tei:p | following-sibling::tei:ab)">
      <x:close><xsl:call-template name="mark"><xsl:with-param name="level" select="$level"/><xsl:with-param name="closing" select="true()"/></xsl:call-template></x:close>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Lists                                                              -->
  <!-- ================================================================== -->

  <xsl:template match="tei:list">
    <l:group xsl:use-attribute-sets="list">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates/>
    </l:group>
  </xsl:template>

  <!-- An item: one block with its label. An item holding a nested list is
       a group: its own text in list-item blocks (the first labelled), then
       the nested list, one level deeper. -->
  <xsl:template match="tei:item">
    <xsl:variable name="label"><xsl:call-template name="item-label"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="tei:list">
        <l:group xsl:use-attribute-sets="list-item-group">
          <xsl:call-template name="src"/>
          <xsl:call-template name="lang"/>
          <xsl:if test="$label != ''">
            <xsl:attribute name="x:first-label"><xsl:value-of select="$label"/></xsl:attribute>
          </xsl:if>
          <x:anonymous>
            <l:block xsl:use-attribute-sets="list-item list-item-text"><xsl:call-template name="src"/></l:block>
          </x:anonymous>
          <xsl:apply-templates/>
        </l:group>
      </xsl:when>
      <xsl:otherwise>
        <l:block xsl:use-attribute-sets="list-item">
          <xsl:if test="$label != ''">
            <xsl:attribute name="label"><xsl:value-of select="$label"/></xsl:attribute>
          </xsl:if>
          <xsl:call-template name="block-attributes"/>
          <xsl:apply-templates/>
        </l:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The label: from @n ("1", "a", "iv": the schema's bare labels) with
       the list's punctuation, 1. or a), unless @n has its own; a preceding
       TEI label as typed; else counted from the list's rend: numbered 1.,
       lettered a), bulleted •. -->
  <xsl:template name="item-label">
    <xsl:variable name="rend" select="../@rend"/>
    <xsl:variable name="pos" select="count(preceding-sibling::tei:item) + 1"/>
    <xsl:variable name="n" select="normalize-space(@n)"/>
    <xsl:choose>
      <xsl:when test="$n != ''">
        <xsl:value-of select="$n"/>
        <xsl:if test="not(contains('.)]:ºª', substring($n, string-length($n))))">
          <xsl:choose>
            <xsl:when test="$rend = 'numbered'">.</xsl:when>
            <xsl:when test="$rend = 'lettered'">)</xsl:when>
          </xsl:choose>
        </xsl:if>
      </xsl:when>
      <xsl:when test="preceding-sibling::*[1][self::tei:label]">
        <xsl:value-of select="normalize-space(preceding-sibling::*[1])"/>
      </xsl:when>
      <xsl:when test="$rend = 'numbered'"><xsl:value-of select="$pos"/>.</xsl:when>
      <xsl:when test="$rend = 'lettered'">
        <xsl:call-template name="letters"><xsl:with-param name="n" select="$pos"/></xsl:call-template>
        <xsl:text>)</xsl:text>
      </xsl:when>
      <xsl:when test="($rend = 'bulleted' or not($rend)) and ../ancestor::tei:list[@rend = 'bulleted']"><xsl:value-of select="$bullet-nested"/></xsl:when>
      <xsl:when test="$rend = 'bulleted' or not($rend)"><xsl:value-of select="$bullet"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- a, b, ... z, aa, ab, ... -->
  <xsl:template name="letters">
    <xsl:param name="n"/>
    <xsl:if test="$n &gt; 26">
      <xsl:call-template name="letters"><xsl:with-param name="n" select="floor(($n - 1) div 26)"/></xsl:call-template>
    </xsl:if>
    <xsl:value-of select="substring('abcdefghijklmnopqrstuvwxyz', (($n - 1) mod 26) + 1, 1)"/>
  </xsl:template>

  <!-- A TEI label before an item is that item's label. -->
  <xsl:template match="tei:list/tei:label[following-sibling::*[1][self::tei:item]]"/>

  <!-- ================================================================== -->
  <!-- Quotations (ES-04, ES-05)                                          -->
  <!-- ================================================================== -->

  <!-- A quotation set as a block: it holds paragraphs or lists, or it stands
       between paragraphs. -->
  <xsl:template match="tei:quote[tei:p or tei:ab or tei:list or tei:quote[tei:p] or parent::tei:body or parent::tei:div or parent::tei:back or parent::tei:postscript or parent::tei:quote[tei:p or tei:list]]
                     | tei:q[tei:p or tei:ab]" priority="1">
    <l:group xsl:use-attribute-sets="quote-block">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <xsl:choose>
        <xsl:when test="tei:p or tei:ab or tei:list or tei:quote">
          <xsl:apply-templates/>
        </xsl:when>
        <xsl:otherwise>
          <l:block xsl:use-attribute-sets="quote-text">
            <xsl:call-template name="src"/>
            <xsl:variable name="level"><xsl:call-template name="quote-level"/></xsl:variable>
            <xsl:if test="$block-quote-marks = 'true'">
              <x:open><xsl:call-template name="mark"><xsl:with-param name="level" select="$level"/></xsl:call-template></x:open>
            </xsl:if>
            <xsl:apply-templates/>
            <xsl:if test="$block-quote-marks = 'true'">
              <x:close><xsl:call-template name="mark"><xsl:with-param name="level" select="$level"/><xsl:with-param name="closing" select="true()"/></xsl:call-template></x:close>
            </xsl:if>
          </l:block>
        </xsl:otherwise>
      </xsl:choose>
    </l:group>
  </xsl:template>

  <!-- A quotation run into the text: the marks of its level. Marks the
       author typed anyway are not doubled. -->
  <xsl:template match="tei:q | tei:quote">
    <xsl:variable name="level"><xsl:call-template name="quote-level"/></xsl:variable>
    <xsl:variable name="text" select="normalize-space(.)"/>
    <xsl:variable name="typed" select="contains('«“‘&quot;', substring($text, 1, 1)) and contains('»”’&quot;', substring($text, string-length($text)))"/>
    <xsl:if test="not($typed)">
      <x:open><xsl:call-template name="mark"><xsl:with-param name="level" select="$level"/></xsl:call-template></x:open>
    </xsl:if>
    <xsl:call-template name="inline-content"/>
    <xsl:if test="not($typed)">
      <x:close><xsl:call-template name="mark"><xsl:with-param name="level" select="$level"/><xsl:with-param name="closing" select="true()"/></xsl:call-template></x:close>
    </xsl:if>
  </xsl:template>

  <!-- The nesting level of the context quotation: the q and quote around
       it and itself, counting block quotations only when they have marks
       (block-quote-marks), and starting again inside a note, which is read
       apart from its paragraph. -->
  <xsl:template name="quote-level">
    <xsl:variable name="notes" select="count(ancestor::tei:note)"/>
    <xsl:value-of select="count(ancestor-or-self::*[self::tei:q or self::tei:quote]
        [count(ancestor::tei:note) = $notes]
        [$block-quote-marks = 'true' or not(tei:p or tei:ab or tei:list or parent::tei:body or parent::tei:div or parent::tei:back or parent::tei:postscript or parent::tei:quote[tei:p or tei:ab or tei:list])])"/>
  </xsl:template>

  <!-- The mark of a nesting level: 1, 2, 3, then again from 1. -->
  <xsl:template name="mark">
    <xsl:param name="level" select="1"/>
    <xsl:param name="closing" select="false()"/>
    <xsl:variable name="i" select="(($level - 1) mod 3) + 1"/>
    <xsl:choose>
      <xsl:when test="$closing"><xsl:value-of select="substring($marks-close, $i, 1)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="substring($marks-open, $i, 1)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Inline elements                                                    -->
  <!-- ================================================================== -->

  <!-- Names, numbers and any other TEI phrase element: its text, styled by
       its @rend and marked with its language. -->
  <xsl:template match="tei:*">
    <xsl:call-template name="inline-content"/>
  </xsl:template>

  <!-- ES-32: a personal name is never divided at a line end (house rule);
       it may still break between its words. -->
  <xsl:template match="tei:persName | tei:name[@type = 'person']">
    <l:span xsl:use-attribute-sets="person-name">
      <xsl:call-template name="src"/>
      <xsl:call-template name="inline-content"/>
    </l:span>
  </xsl:template>

  <!-- hi: @rend lists the styles (schema: at least one). -->
  <xsl:template match="tei:hi">
    <xsl:call-template name="inline-content">
      <xsl:with-param name="rend">
        <xsl:choose>
          <xsl:when test="normalize-space(@rend) != ''"><xsl:value-of select="@rend"/></xsl:when>
          <xsl:otherwise>italic</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- foreign (ES-34): italic, upright inside italic; its language on the
       span so that it is hyphenated with its own patterns. -->
  <xsl:template match="tei:foreign">
    <xsl:choose>
      <xsl:when test="ancestor::tei:foreign or ancestor::tei:emph or ancestor::tei:hi[contains(concat(' ', normalize-space(@rend), ' '), ' italic ')]">
        <l:span xsl:use-attribute-sets="foreign-in-italic">
          <xsl:call-template name="src"/>
          <xsl:call-template name="lang"/>
          <xsl:apply-templates/>
        </l:span>
      </xsl:when>
      <xsl:otherwise>
        <l:span xsl:use-attribute-sets="foreign">
          <xsl:call-template name="src"/>
          <xsl:call-template name="lang"/>
          <xsl:apply-templates/>
        </l:span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:emph">
    <xsl:call-template name="inline-content">
      <xsl:with-param name="rend" select="'italic'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ref: its text, the target as the span's href (a PDF link). An empty
       ref prints its target. Nothing is invented for the page. -->
  <xsl:template match="tei:ref | tei:ptr">
    <l:span xsl:use-attribute-sets="link">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <xsl:if test="normalize-space(@target) != ''">
        <xsl:attribute name="href">
          <xsl:choose>
            <xsl:when test="contains(normalize-space(@target), ' ')"><xsl:value-of select="substring-before(normalize-space(@target), ' ')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="normalize-space(@target)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="node()">
          <xsl:call-template name="rend-content"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="@target"/></xsl:otherwise>
      </xsl:choose>
    </l:span>
  </xsl:template>

  <!-- lb: a forced line break. lb break="no" (a word divided at the end of a
       printed line) joins the word instead. -->
  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')"><l:br/></xsl:if>
  </xsl:template>

  <!-- An image in the text: set after its block by pass 2. -->
  <xsl:template match="tei:graphic">
    <xsl:call-template name="image"/>
  </xsl:template>

  <!-- Notes: the call mark here; the note after the block (x:float). -->
  <xsl:template match="tei:note">
    <xsl:variable name="mark">
      <xsl:choose>
        <xsl:when test="normalize-space(@n) != ''"><xsl:value-of select="normalize-space(@n)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="count(preceding::tei:note[ancestor::tei:text]) + 1"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <x:close>
      <l:span xsl:use-attribute-sets="note-mark">
        <xsl:call-template name="src"/>
        <xsl:value-of select="$mark"/>
      </l:span>
    </x:close>
    <x:float>
      <xsl:if test="@place = 'end'">
        <xsl:attribute name="to">end</xsl:attribute>
      </xsl:if>
      <l:block xsl:use-attribute-sets="note" label="{$mark}">
        <xsl:call-template name="src"/>
        <xsl:call-template name="lang"/>
        <xsl:for-each select="node()">
          <xsl:choose>
            <!-- a note's own paragraphs (TEI allows them): one block, a
                 space between them -->
            <xsl:when test="self::tei:p or self::tei:ab">
              <xsl:text> </xsl:text>
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </l:block>
    </x:float>
  </xsl:template>

  <!-- Dates (ES-23): an empty date is written from its attributes; a date
       with content keeps its content. In a dateline, a date right after the
       place with nothing typed between gets ", " (ES-24), and ", a " in the
       formal dateline. -->
  <xsl:template match="tei:date | tei:docDate">
    <xsl:if test="parent::tei:dateline and preceding-sibling::node()[not(self::text()) or normalize-space()][1][self::tei:placeName]">
      <xsl:choose>
        <xsl:when test="contains(concat(' ', normalize-space(../@rend), ' '), ' formal ')">, a </xsl:when>
        <xsl:otherwise>, </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="normalize-space(.) != '' or *">
        <xsl:call-template name="inline-content"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="date-words"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Opener                                                             -->
  <!-- ================================================================== -->

  <xsl:template match="tei:opener">
    <l:group xsl:use-attribute-sets="opener">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <x:anonymous>
        <l:block xsl:use-attribute-sets="address-line"><xsl:call-template name="src"/></l:block>
      </x:anonymous>
      <xsl:apply-templates/>
    </l:group>
  </xsl:template>

  <xsl:template match="tei:address">
    <l:group xsl:use-attribute-sets="address">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <x:anonymous>
        <l:block xsl:use-attribute-sets="address-line"><xsl:call-template name="src"/></l:block>
      </x:anonymous>
      <xsl:apply-templates/>
    </l:group>
  </xsl:template>

  <xsl:template match="tei:addrLine">
    <l:block xsl:use-attribute-sets="address-line">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <xsl:template match="tei:salute">
    <l:block xsl:use-attribute-sets="salute">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Dateline (ES-24)                                                   -->
  <!-- ================================================================== -->

  <xsl:template match="tei:dateline">
    <xsl:variable name="rend" select="concat(' ', normalize-space(@rend), ' ')"/>
    <l:block xsl:use-attribute-sets="dateline">
      <xsl:call-template name="block-attributes"/>
      <xsl:if test="contains($rend, ' formal ') and tei:placeName and not(starts-with(normalize-space(.), 'En '))">En </xsl:if>
      <xsl:apply-templates/>
    </l:block>
  </xsl:template>

  <!-- Whitespace alone between place and date: the date writes ", ". -->
  <xsl:template match="tei:dateline/text()[not(normalize-space())][preceding-sibling::*[1][self::tei:placeName]][following-sibling::*[1][self::tei:date]]"/>

  <!-- In a formal dateline, a typed comma between place and date becomes
       ", a " (ES-24: "En Santiago de Chile, a 14 de noviembre de 2024"). -->
  <xsl:template match="tei:dateline[contains(concat(' ', normalize-space(@rend), ' '), ' formal ')]/text()[normalize-space() = ','][preceding-sibling::*[1][self::tei:placeName]][following-sibling::*[1][self::tei:date]]">
    <xsl:text>, a </xsl:text>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Closer and signatories (ES-35)                                     -->
  <!-- ================================================================== -->

  <xsl:template match="tei:closer">
    <l:group xsl:use-attribute-sets="closer">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <x:anonymous>
        <l:block xsl:use-attribute-sets="closer-salute"><xsl:call-template name="src"/></l:block>
      </x:anonymous>
      <xsl:apply-templates/>
    </l:group>
  </xsl:template>

  <!-- A salute in the closer: the signatories' label ("Firmantes ,",
       "Organizaciones firmantes", "Firman:"), a short closing formula
       ("Atentamente,") or a long one ("EN FE DE LO CUAL, las partes firman el
       presente convenio"). -->
  <xsl:template match="tei:closer/tei:salute">
    <xsl:variable name="label"><xsl:call-template name="is-label"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$label = 'yes'">
        <l:block xsl:use-attribute-sets="signatures-label" x:strip="label">
          <xsl:call-template name="block-attributes"/>
          <xsl:call-template name="rend-content"/>
        </l:block>
      </xsl:when>
      <xsl:when test="string-length(normalize-space(.)) &gt; $label-max">
        <l:block xsl:use-attribute-sets="closer-formula">
          <xsl:call-template name="block-attributes"/>
          <xsl:call-template name="rend-content"/>
        </l:block>
      </xsl:when>
      <xsl:otherwise>
        <l:block xsl:use-attribute-sets="closer-salute">
          <xsl:call-template name="block-attributes"/>
          <xsl:call-template name="rend-content"/>
        </l:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 'yes' when the context salute is the label of the signatories that
       follow it: at most label-max characters and six words, no comma
       inside, and a word of label-words in it (firmantes, suscriben ...).
       "Atentamente," is a formula, not a label. -->
  <xsl:template name="is-label">
    <xsl:variable name="text"><xsl:apply-templates select="." mode="plain"/></xsl:variable>
    <xsl:variable name="core"><xsl:call-template name="trim-label"><xsl:with-param name="s" select="string($text)"/></xsl:call-template></xsl:variable>
    <xsl:variable name="words" select="string-length($core) - string-length(translate($core, ' ', '')) + 1"/>
    <xsl:variable name="found">
      <xsl:call-template name="contains-any">
        <xsl:with-param name="s" select="translate($core, $upper, $lower)"/>
        <xsl:with-param name="words" select="normalize-space($label-words)"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="following-sibling::*[not(self::tei:pb)][1][self::tei:signed]
                  and string-length($text) &lt;= $label-max and $words &lt;= 6
                  and not(contains($core, ',')) and $found = 'yes'">yes</xsl:if>
  </xsl:template>

  <!-- 'yes' when s contains one of the space-separated words. -->
  <xsl:template name="contains-any">
    <xsl:param name="s"/>
    <xsl:param name="words"/>
    <xsl:variable name="w">
      <xsl:choose>
        <xsl:when test="contains($words, ' ')"><xsl:value-of select="substring-before($words, ' ')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$words"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$w = ''"/>
      <xsl:when test="contains($s, $w)">yes</xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="contains-any">
          <xsl:with-param name="s" select="$s"/>
          <xsl:with-param name="words" select="substring-after($words, ' ')"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The first signed of a run makes the grid of the whole run; the others
       are its cells. With closer/@rend, the cells come sorted (by surname,
       or by institution and then surname; equal keys keep the order
       written). From signatories-compact-from signatories on, the run
       is a compact list instead: a grid of one-line entries without rules.
       The number of columns comes from the number of signatories and the
       length of their longest line (signatory-columns). -->
  <xsl:template match="tei:signed">
    <xsl:if test="not(preceding-sibling::*[not(self::tei:pb)][1][self::tei:signed])">
      <xsl:variable name="stop" select="following-sibling::*[not(self::tei:signed or self::tei:pb)][1]"/>
      <xsl:variable name="n" select="1 + count(following-sibling::tei:signed) - count($stop/following-sibling::tei:signed)"/>
      <xsl:variable name="run" select=". | following-sibling::tei:signed[position() &lt; $n]"/>
      <xsl:variable name="salute" select="preceding-sibling::*[not(self::tei:pb)][1][self::tei:salute]"/>
      <!-- the order of the signatures: '' (as written), sort-surname or
           sort-org (closer/@rend) -->
      <xsl:variable name="order" select="string(../@rend[. = 'sort-surname' or . = 'sort-org'])"/>
      <xsl:variable name="is-label">
        <xsl:for-each select="$salute"><xsl:call-template name="is-label"/></xsl:for-each>
      </xsl:variable>
      <xsl:variable name="continued">
        <xsl:choose>
          <xsl:when test="$is-label = 'yes'">
            <xsl:call-template name="trim-label">
              <xsl:with-param name="s">
                <xsl:apply-templates select="$salute" mode="plain"/>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:value-of select="$continued-suffix"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$continued-default"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <!-- the longest line of any signatory, in characters -->
      <xsl:variable name="longest">
        <xsl:for-each select="$run/*[self::tei:persName or self::tei:roleName or self::tei:orgName]">
          <xsl:sort select="string-length(normalize-space(.))" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="string-length(normalize-space(.))"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="number($signatories-compact-from) &gt;= 1 and $n &gt;= number($signatories-compact-from)">
          <l:grid xsl:use-attribute-sets="signatory-list" continued-label="{$continued}">
            <xsl:attribute name="columns">
              <xsl:call-template name="compact-columns">
                <xsl:with-param name="run" select="$run"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:call-template name="src"/>
            <xsl:call-template name="lang"/>
            <xsl:call-template name="signatories">
              <xsl:with-param name="run" select="$run"/>
              <xsl:with-param name="order" select="$order"/>
              <xsl:with-param name="compact" select="true()"/>
            </xsl:call-template>
          </l:grid>
        </xsl:when>
        <xsl:otherwise>
          <l:grid xsl:use-attribute-sets="signatory-grid" continued-label="{$continued}">
            <xsl:attribute name="columns">
              <xsl:call-template name="signatory-columns">
                <xsl:with-param name="n" select="$n"/>
                <xsl:with-param name="longest" select="number(concat('0', $longest))"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:call-template name="src"/>
            <xsl:call-template name="lang"/>
            <xsl:call-template name="signatories">
              <xsl:with-param name="run" select="$run"/>
              <xsl:with-param name="order" select="$order"/>
              <xsl:with-param name="compact" select="false()"/>
            </xsl:call-template>
          </l:grid>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- The cells of a run of signatories, in the order written or, with
       closer/@rend, sorted by surname, or by institution and then surname,
       with common-es.xsl's Spanish sort keys (equal keys keep the order
       written). COMPACT: entries of the compact list instead of cells. -->
  <xsl:template name="signatories">
    <xsl:param name="run"/>
    <xsl:param name="order"/>
    <xsl:param name="compact"/>
    <xsl:choose>
      <xsl:when test="$order = ''">
        <xsl:apply-templates select="$run" mode="signatory-any">
          <xsl:with-param name="compact" select="$compact"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="org" select="$order = 'sort-org'"/>
        <xsl:apply-templates select="$run" mode="signatory-any">
          <xsl:sort select="$org * number(not(tei:orgName))" data-type="number"/>
          <xsl:sort select="substring(translate(normalize-space(tei:orgName[1]), $es:sort-from, $es:sort-to), 1, $org * 10000)"/>
          <xsl:sort select="translate(normalize-space((tei:persName/tei:surname[1] | tei:persName[not(tei:surname)] | tei:orgName[1][not(../tei:persName)])[1]), $es:sort-from, $es:sort-to)"/>
          <xsl:sort select="translate(normalize-space(tei:persName/tei:surname[2]), $es:sort-from, $es:sort-to)"/>
          <xsl:sort select="translate(normalize-space(tei:persName), $es:sort-from, $es:sort-to)"/>
          <xsl:sort select="count(preceding-sibling::tei:signed)" data-type="number"/>
          <xsl:with-param name="compact" select="$compact"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:signed" mode="signatory-any">
    <xsl:param name="compact"/>
    <xsl:choose>
      <xsl:when test="$compact"><xsl:apply-templates select="." mode="signatory-compact"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="." mode="signatory"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- signers-per-row when set; else 1 for one signatory, 3 when there are
       three or more and every line is at most signatory-narrow characters
       long, 2 otherwise; never more than there are signatories, never more
       than 4. -->
  <xsl:template name="signatory-columns">
    <xsl:param name="n"/>
    <xsl:param name="longest" select="0"/>
    <xsl:variable name="want">
      <xsl:choose>
        <xsl:when test="number($signers-per-row) &gt;= 1"><xsl:value-of select="floor(number($signers-per-row))"/></xsl:when>
        <xsl:when test="$n &gt;= 3 and $longest &lt;= number($signatory-narrow)">3</xsl:when>
        <xsl:otherwise>2</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$n &lt; $want and $n &gt;= 1"><xsl:value-of select="$n"/></xsl:when>
      <xsl:when test="$want &gt; 4">4</xsl:when>
      <xsl:otherwise><xsl:value-of select="$want"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- compact-columns when set; else 3 when every entry is short, else 2. -->
  <xsl:template name="compact-columns">
    <xsl:param name="run"/>
    <xsl:variable name="longest">
      <xsl:for-each select="$run">
        <xsl:sort select="string-length(normalize-space(tei:persName)) + string-length(normalize-space(tei:orgName[1]))" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="string-length(normalize-space(tei:persName)) + string-length(normalize-space(tei:orgName[1]))"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="number($compact-columns) &gt;= 1 and number($compact-columns) &lt;= 4"><xsl:value-of select="floor(number($compact-columns))"/></xsl:when>
      <xsl:when test="number(concat('0', $longest)) &lt;= number($signatory-narrow) + 10">3</xsl:when>
      <xsl:otherwise>2</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One entry of the compact list: "Name, cargo — Institution, unit". An
       institution that signs alone is the name. -->
  <xsl:template match="tei:signed" mode="signatory-compact">
    <l:cell xsl:use-attribute-sets="signatory-list-cell">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <!-- with signature fields: room to sign and a short line above the
           entry, as in a full cell -->
      <l:rule xsl:use-attribute-sets="signatory-list-rule">
        <xsl:attribute name="field">
          <xsl:apply-templates select="(tei:persName | tei:orgName)[1]" mode="plain"/>
        </xsl:attribute>
      </l:rule>
      <l:block xsl:use-attribute-sets="signatory-list-entry">
        <xsl:variable name="lead-name" select="(tei:persName | tei:orgName[not(../tei:persName)])[1]"/>
        <l:span xsl:use-attribute-sets="signatory-list-name">
          <xsl:for-each select="$lead-name"><xsl:call-template name="src"/></xsl:for-each>
          <xsl:apply-templates select="$lead-name/node()"/>
        </l:span>
        <xsl:for-each select="tei:roleName">
          <xsl:text>, </xsl:text>
          <xsl:apply-templates/>
        </xsl:for-each>
        <xsl:for-each select="tei:orgName[count(. | $lead-name) != 1]">
          <xsl:choose>
            <xsl:when test="position() = 1"><xsl:text> — </xsl:text></xsl:when>
            <xsl:otherwise><xsl:text>, </xsl:text></xsl:otherwise>
          </xsl:choose>
          <xsl:apply-templates/>
        </xsl:for-each>
      </l:block>
    </l:cell>
  </xsl:template>

  <!-- One cell: room to sign (or the signature image), the rule, then the
       lines in the order written: name, cargos, institution and its units.
       An institution that signs alone has its name on the name line. -->
  <xsl:template match="tei:signed" mode="signatory">
    <l:cell xsl:use-attribute-sets="signatory-cell">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <xsl:choose>
        <xsl:when test="tei:graphic">
          <xsl:for-each select="tei:graphic[1]">
            <xsl:call-template name="image">
              <xsl:with-param name="set" select="'signature'"/>
            </xsl:call-template>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <l:space xsl:use-attribute-sets="signature-space"/>
        </xsl:otherwise>
      </xsl:choose>
      <l:rule xsl:use-attribute-sets="signature-rule">
        <!-- the name of the digital signature field over the line -->
        <xsl:attribute name="field">
          <xsl:apply-templates select="(tei:persName | tei:orgName)[1]" mode="plain"/>
        </xsl:attribute>
      </l:rule>
      <xsl:apply-templates select="*[not(self::tei:graphic or self::tei:pb or self::tei:lb)]" mode="signatory-line"/>
      <!-- Text typed directly in signed (TEI allows it; declc's schema
           does not): its own line, so that no word is lost. -->
      <xsl:if test="text()[normalize-space()]">
        <l:block xsl:use-attribute-sets="signatory-name" x:strip="period">
          <xsl:for-each select="text()[normalize-space()]">
            <xsl:value-of select="."/>
            <xsl:text> </xsl:text>
          </xsl:for-each>
        </l:block>
      </xsl:if>
    </l:cell>
  </xsl:template>

  <xsl:template match="tei:persName" mode="signatory-line">
    <l:block xsl:use-attribute-sets="signatory-name" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <xsl:template match="tei:roleName" mode="signatory-line">
    <l:block xsl:use-attribute-sets="signatory-role" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <xsl:template match="tei:orgName" mode="signatory-line">
    <xsl:choose>
      <!-- the institution of an institution-only signatory: the name line -->
      <xsl:when test="not(../tei:persName) and not(preceding-sibling::tei:orgName)">
        <l:block xsl:use-attribute-sets="signatory-name" x:strip="period">
          <xsl:call-template name="block-attributes"/>
          <xsl:call-template name="rend-content"/>
        </l:block>
      </xsl:when>
      <!-- the institution -->
      <xsl:when test="not(preceding-sibling::tei:orgName)">
        <l:block xsl:use-attribute-sets="signatory-org" x:strip="period">
          <xsl:call-template name="block-attributes"/>
          <xsl:call-template name="rend-content"/>
        </l:block>
      </xsl:when>
      <!-- its units -->
      <xsl:otherwise>
        <l:block xsl:use-attribute-sets="signatory-unit" x:strip="period">
          <xsl:call-template name="block-attributes"/>
          <xsl:call-template name="rend-content"/>
        </l:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="signatory-line">
    <l:block xsl:use-attribute-sets="signatory-org" x:strip="period">
      <xsl:call-template name="block-attributes"/>
      <xsl:apply-templates select="."/>
    </l:block>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- After the signatures                                               -->
  <!-- ================================================================== -->

  <xsl:template match="tei:postscript">
    <l:space xsl:use-attribute-sets="postscript-space"/>
    <l:group xsl:use-attribute-sets="postscript">
      <xsl:call-template name="src"/>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates/>
    </l:group>
  </xsl:template>

  <xsl:template match="tei:trailer">
    <l:block xsl:use-attribute-sets="trailer">
      <xsl:call-template name="block-attributes"/>
      <xsl:call-template name="rend-content"/>
    </l:block>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Helpers                                                            -->
  <!-- ================================================================== -->

  <!-- src="LINE:COL" of the context node, when declc provides d:pos(). -->
  <xsl:template name="src">
    <xsl:if test="function-available('d:pos')">
      <xsl:variable name="pos" select="string(d:pos(.))"/>
      <xsl:if test="$pos != ''">
        <xsl:attribute name="src"><xsl:value-of select="$pos"/></xsl:attribute>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- The element's own language, when it sets one. -->
  <xsl:template name="lang">
    <xsl:if test="normalize-space(@xml:lang) != ''">
      <xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- What every block made from a TEI element carries: src, lang, and the
       alignment words of @rend (left, right, center). -->
  <xsl:template name="block-attributes">
    <xsl:variable name="rend" select="concat(' ', normalize-space(@rend), ' ')"/>
    <xsl:call-template name="src"/>
    <xsl:call-template name="lang"/>
    <xsl:choose>
      <xsl:when test="contains($rend, ' left ')"><xsl:attribute name="align">left</xsl:attribute></xsl:when>
      <xsl:when test="contains($rend, ' right ')"><xsl:attribute name="align">right</xsl:attribute></xsl:when>
      <xsl:when test="contains($rend, ' center ') or contains($rend, ' centre ')"><xsl:attribute name="align">center</xsl:attribute></xsl:when>
      <xsl:when test="contains($rend, ' justify ')"><xsl:attribute name="align">justify</xsl:attribute></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- The children of a block element, wrapped in the spans its @rend asks
       for (uppercase, smallcaps, bold, italic ...). -->
  <xsl:template name="rend-content">
    <xsl:call-template name="rend-spans">
      <xsl:with-param name="words" select="normalize-space(@rend)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- An inline element: a span with its language if it has one, the spans
       of its @rend inside. -->
  <xsl:template name="inline-content">
    <xsl:param name="rend" select="@rend"/>
    <xsl:choose>
      <xsl:when test="normalize-space(@xml:lang) != ''">
        <l:span>
          <xsl:call-template name="src"/>
          <xsl:call-template name="lang"/>
          <xsl:call-template name="rend-spans">
            <xsl:with-param name="words" select="normalize-space($rend)"/>
          </xsl:call-template>
        </l:span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="rend-spans">
          <xsl:with-param name="words" select="normalize-space($rend)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One nested span per style word of @rend (hi-italic, hi-bold, ...);
       other words (formal, noindent, alignment, weekday) make no span. -->
  <xsl:template name="rend-spans">
    <xsl:param name="words"/>
    <xsl:variable name="w">
      <xsl:choose>
        <xsl:when test="contains($words, ' ')"><xsl:value-of select="substring-before($words, ' ')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$words"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="rest" select="substring-after($words, ' ')"/>
    <xsl:choose>
      <xsl:when test="$words = ''">
        <xsl:apply-templates/>
      </xsl:when>
      <xsl:when test="$w = 'italic'">
        <l:span xsl:use-attribute-sets="hi-italic"><xsl:call-template name="src"/><xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template></l:span>
      </xsl:when>
      <xsl:when test="$w = 'bold'">
        <l:span xsl:use-attribute-sets="hi-bold"><xsl:call-template name="src"/><xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template></l:span>
      </xsl:when>
      <xsl:when test="$w = 'smallcaps' or $w = 'sc' or $w = 'small-caps'">
        <l:span xsl:use-attribute-sets="hi-smallcaps"><xsl:call-template name="src"/>
          <!-- ES-21: text already in capitals (a century's Roman numeral the
               typography pass wrapped: siglo XXI) becomes small capitals
               too, which smcp alone would leave as full capitals. -->
          <xsl:if test="translate(., 'abcdefghijklmnopqrstuvwxyzáéíóúüñ', '') = string(.)">
            <xsl:attribute name="font-variant">all-small-caps</xsl:attribute>
          </xsl:if>
          <xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template></l:span>
      </xsl:when>
      <xsl:when test="$w = 'uppercase'">
        <l:span xsl:use-attribute-sets="hi-uppercase"><xsl:call-template name="src"/><xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template></l:span>
      </xsl:when>
      <xsl:when test="$w = 'sup' or $w = 'superscript'">
        <l:span xsl:use-attribute-sets="hi-sup"><xsl:call-template name="src"/><xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template></l:span>
      </xsl:when>
      <xsl:when test="$w = 'sub' or $w = 'subscript'">
        <l:span xsl:use-attribute-sets="hi-sub"><xsl:call-template name="src"/><xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template></l:span>
      </xsl:when>
      <xsl:when test="$w = 'underline'">
        <l:span xsl:use-attribute-sets="hi-underline"><xsl:call-template name="src"/><xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template></l:span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="rend-spans"><xsl:with-param name="words" select="$rest"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An l:image from a TEI graphic: src from @url, the size from @width
       and @height, the text alternative from desc. set: which attribute set
       ('image', 'logo', 'signature'). -->
  <xsl:template name="image">
    <xsl:param name="set" select="'image'"/>
    <xsl:param name="default-height" select="''"/>
    <xsl:variable name="w"><xsl:call-template name="measure"><xsl:with-param name="length" select="@width"/></xsl:call-template></xsl:variable>
    <xsl:variable name="h"><xsl:call-template name="measure"><xsl:with-param name="length" select="@height"/></xsl:call-template></xsl:variable>
    <xsl:variable name="attrs">
      <xsl:if test="$w != ''"><x:a width="{$w}"/></xsl:if>
      <xsl:if test="$h != ''"><x:a height="{$h}"/></xsl:if>
      <xsl:if test="function-available('d:pos')"><x:a pos="{d:pos(.)}"/></xsl:if>
    </xsl:variable>
    <xsl:variable name="alt"><xsl:call-template name="image-alt"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$set = 'logo'">
        <l:image xsl:use-attribute-sets="logo" src="{@url}">
          <xsl:copy-of select="exsl:node-set($attrs)/x:a/@*[. != '']"/>
          <xsl:if test="$alt != ''"><xsl:attribute name="alt"><xsl:value-of select="$alt"/></xsl:attribute></xsl:if>
        </l:image>
      </xsl:when>
      <xsl:when test="$set = 'signature'">
        <l:image xsl:use-attribute-sets="signature-image" src="{@url}">
          <xsl:copy-of select="exsl:node-set($attrs)/x:a/@*[. != '']"/>
          <xsl:if test="$alt != ''"><xsl:attribute name="alt"><xsl:value-of select="$alt"/></xsl:attribute></xsl:if>
        </l:image>
      </xsl:when>
      <xsl:otherwise>
        <l:image xsl:use-attribute-sets="image" src="{@url}">
          <xsl:copy-of select="exsl:node-set($attrs)/x:a/@*[. != '']"/>
          <xsl:if test="$alt != ''"><xsl:attribute name="alt"><xsl:value-of select="$alt"/></xsl:attribute></xsl:if>
        </l:image>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The text alternative of a graphic (the /Alt of its Figure in tagged
       PDF): common-es.xsl's, which the HTML's alt shares. A house style may
       redefine this template. -->
  <xsl:template name="image-alt">
    <xsl:call-template name="es:image-alt"/>
  </xsl:template>

  <!-- A TEI measure ("4cm", "120pt", "96px") in points; '' for percentages
       and what cannot be converted. -->
  <xsl:template name="measure">
    <xsl:param name="length"/>
    <xsl:variable name="s" select="normalize-space($length)"/>
    <xsl:if test="$s != '' and not(contains($s, '%'))">
      <xsl:variable name="pt">
        <xsl:call-template name="points"><xsl:with-param name="length" select="$s"/><xsl:with-param name="strict" select="false()"/></xsl:call-template>
      </xsl:variable>
      <xsl:if test="string(number($pt)) != 'NaN' and number($pt) &gt; 0"><xsl:value-of select="$pt"/></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- A length in points: a number (points) or a number with a unit (mm,
       cm, in, pt, pc, px, em). A bad length stops the transformation with a
       message naming it, unless strict is false (then ''). -->
  <xsl:template name="points">
    <xsl:param name="length"/>
    <xsl:param name="strict" select="true()"/>
    <xsl:variable name="s" select="translate(normalize-space($length), ' ', '')"/>
    <xsl:variable name="unit" select="substring($s, string-length($s) - 1)"/>
    <xsl:variable name="num" select="number(substring($s, 1, string-length($s) - 2))"/>
    <xsl:variable name="pt">
      <xsl:choose>
        <xsl:when test="string(number($s)) != 'NaN'"><xsl:value-of select="number($s)"/></xsl:when>
        <xsl:when test="$unit = 'mm'"><xsl:value-of select="$num * 72 div 25.4"/></xsl:when>
        <xsl:when test="$unit = 'cm'"><xsl:value-of select="$num * 72 div 2.54"/></xsl:when>
        <xsl:when test="$unit = 'in'"><xsl:value-of select="$num * 72"/></xsl:when>
        <xsl:when test="$unit = 'pt'"><xsl:value-of select="$num"/></xsl:when>
        <xsl:when test="$unit = 'pc'"><xsl:value-of select="$num * 12"/></xsl:when>
        <xsl:when test="$unit = 'px'"><xsl:value-of select="$num * 0.75"/></xsl:when>
        <xsl:when test="$unit = 'em'"><xsl:value-of select="$num * $fs"/></xsl:when>
        <xsl:otherwise>NaN</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="string(number($pt)) = 'NaN'">
        <xsl:if test="$strict">
          <xsl:message terminate="yes">layout.xsl: "<xsl:value-of select="$length"/>" is not a length (points, or a number with mm, cm, in, pt, pc, px or em)</xsl:message>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="format-number($pt, '0.###')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Firmantes ," → "Firmantes"; "Firman:" → "Firman" (for the
       continued label only: the label itself keeps a typed colon). -->
  <xsl:template name="trim-label">
    <xsl:param name="s"/>
    <xsl:variable name="last" select="substring($s, string-length($s))"/>
    <xsl:choose>
      <xsl:when test="$s != '' and contains(' ,:;', $last)">
        <xsl:call-template name="trim-label">
          <xsl:with-param name="s" select="substring($s, 1, string-length($s) - 1)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Spanish dates (ES-22, ES-23)                                       -->
  <!-- ================================================================== -->

  <!-- The words for an empty date: from @when, or @from and @to; @rend
       "weekday" adds the day of the week. Months lowercase, no leading
       zero, the year never grouped. -->
  <xsl:template name="date-words">
    <xsl:variable name="lang" select="string(ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
    <xsl:variable name="when" select="normalize-space(@when)"/>
    <xsl:variable name="from" select="normalize-space(@from)"/>
    <xsl:variable name="to" select="normalize-space(@to)"/>
    <xsl:choose>
      <xsl:when test="$when != ''">
        <xsl:if test="contains(concat(' ', normalize-space(@rend), ' '), ' weekday ') and string-length($when) = 10">
          <xsl:call-template name="weekday"><xsl:with-param name="iso" select="$when"/></xsl:call-template>
          <xsl:text>, </xsl:text>
        </xsl:if>
        <xsl:call-template name="date-full">
          <xsl:with-param name="iso" select="$when"/>
          <xsl:with-param name="lang" select="$lang"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$from != '' and $to != ''">
        <xsl:call-template name="date-range">
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
          <xsl:with-param name="lang" select="$lang"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- "13 y 14 de noviembre de 2024" (two consecutive days), "del 13 al 15
       de noviembre de 2024", "del 30 de noviembre al 2 de diciembre de
       2024", "del 30 de diciembre de 2024 al 2 de enero de 2025". -->
  <xsl:template name="date-range">
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:param name="lang"/>
    <xsl:variable name="y1" select="substring($from, 1, 4)"/>
    <xsl:variable name="y2" select="substring($to, 1, 4)"/>
    <xsl:variable name="m1" select="number(substring($from, 6, 2))"/>
    <xsl:variable name="m2" select="number(substring($to, 6, 2))"/>
    <xsl:variable name="d1" select="number(substring($from, 9, 2))"/>
    <xsl:variable name="d2" select="number(substring($to, 9, 2))"/>
    <xsl:variable name="a"><xsl:call-template name="day"><xsl:with-param name="d" select="$d1"/><xsl:with-param name="lang" select="$lang"/></xsl:call-template></xsl:variable>
    <xsl:variable name="b"><xsl:call-template name="day"><xsl:with-param name="d" select="$d2"/><xsl:with-param name="lang" select="$lang"/></xsl:call-template></xsl:variable>
    <xsl:variable name="mn1"><xsl:call-template name="month"><xsl:with-param name="m" select="$m1"/></xsl:call-template></xsl:variable>
    <xsl:variable name="mn2"><xsl:call-template name="month"><xsl:with-param name="m" select="$m2"/></xsl:call-template></xsl:variable>
    <xsl:variable name="de" select="concat(' ', $year-article, ' ')"/>
    <xsl:choose>
      <!-- month or year precision: "de noviembre a diciembre de 2024" -->
      <xsl:when test="string-length($from) != 10 or string-length($to) != 10">
        <xsl:text>de </xsl:text>
        <xsl:choose>
          <xsl:when test="$y1 = $y2 and string-length($from) = 7 and string-length($to) = 7">
            <xsl:value-of select="concat($mn1, ' a ', $mn2, $de, $y2)"/>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="date-full"><xsl:with-param name="iso" select="$from"/><xsl:with-param name="lang" select="$lang"/></xsl:call-template>
            <xsl:text> a </xsl:text>
            <xsl:call-template name="date-full"><xsl:with-param name="iso" select="$to"/><xsl:with-param name="lang" select="$lang"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$y1 != $y2">
        <xsl:value-of select="concat('del ', $a, ' de ', $mn1, $de, $y1, ' al ', $b, ' de ', $mn2, $de, $y2)"/>
      </xsl:when>
      <xsl:when test="$m1 != $m2">
        <xsl:value-of select="concat('del ', $a, ' de ', $mn1, ' al ', $b, ' de ', $mn2, $de, $y2)"/>
      </xsl:when>
      <xsl:when test="$d2 = $d1 + 1">
        <xsl:value-of select="concat($a, ' y ', $b, ' de ', $mn1, $de, $y1)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('del ', $a, ' al ', $b, ' de ', $mn1, $de, $y1)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- YYYY → "2024"; YYYY-MM → "noviembre de 2024"; YYYY-MM-DD → "14 de
       noviembre de 2024". Anything else is printed as it is. -->
  <xsl:template name="date-full">
    <xsl:param name="iso"/>
    <xsl:param name="lang"/>
    <xsl:variable name="y" select="substring($iso, 1, 4)"/>
    <xsl:variable name="m"><xsl:call-template name="month"><xsl:with-param name="m" select="number(substring($iso, 6, 2))"/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="string-length($iso) = 4"><xsl:value-of select="$y"/></xsl:when>
      <xsl:when test="string-length($iso) = 7 and $m != ''">
        <xsl:value-of select="concat($m, ' ', $year-article, ' ', $y)"/>
      </xsl:when>
      <xsl:when test="string-length($iso) = 10 and $m != ''">
        <xsl:call-template name="day">
          <xsl:with-param name="d" select="number(substring($iso, 9, 2))"/>
          <xsl:with-param name="lang" select="$lang"/>
        </xsl:call-template>
        <xsl:value-of select="concat(' de ', $m, ' ', $year-article, ' ', $y)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$iso"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The day: no leading zero; the first of the month "1.º" outside es and
       es-ES unless first-day says otherwise (ES-23). -->
  <xsl:template name="day">
    <xsl:param name="d"/>
    <xsl:param name="lang"/>
    <xsl:variable name="ordinal">
      <xsl:choose>
        <xsl:when test="$first-day = 'ordinal'">yes</xsl:when>
        <xsl:when test="$first-day = 'cardinal'"/>
        <xsl:when test="$lang = 'es' or $lang = 'es-ES' or $lang = ''"/>
        <xsl:otherwise>yes</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$d = 1 and $ordinal = 'yes'">1.º</xsl:when>
      <xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="month">
    <xsl:param name="m"/>
    <xsl:choose>
      <xsl:when test="$m = 1">enero</xsl:when>
      <xsl:when test="$m = 2">febrero</xsl:when>
      <xsl:when test="$m = 3">marzo</xsl:when>
      <xsl:when test="$m = 4">abril</xsl:when>
      <xsl:when test="$m = 5">mayo</xsl:when>
      <xsl:when test="$m = 6">junio</xsl:when>
      <xsl:when test="$m = 7">julio</xsl:when>
      <xsl:when test="$m = 8">agosto</xsl:when>
      <xsl:when test="$m = 9">septiembre</xsl:when>
      <xsl:when test="$m = 10">octubre</xsl:when>
      <xsl:when test="$m = 11">noviembre</xsl:when>
      <xsl:when test="$m = 12">diciembre</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Day of the week of a YYYY-MM-DD date (Sakamoto's method). -->
  <xsl:template name="weekday">
    <xsl:param name="iso"/>
    <xsl:variable name="m" select="number(substring($iso, 6, 2))"/>
    <xsl:variable name="d" select="number(substring($iso, 9, 2))"/>
    <xsl:variable name="y" select="number(substring($iso, 1, 4)) - ($m &lt; 3)"/>
    <xsl:variable name="t" select="number(substring('032503514624', $m, 1))"/>
    <xsl:variable name="w" select="($y + floor($y div 4) - floor($y div 100) + floor($y div 400) + $t + $d) mod 7"/>
    <xsl:value-of select="substring-before(substring-after(' 0:domingo 1:lunes 2:martes 3:miércoles 4:jueves 5:viernes 6:sábado ', concat(' ', $w, ':')), ' ')"/>
  </xsl:template>

  <!-- ================================================================== -->
  <!-- Pass 2: finish                                                     -->
  <!-- ================================================================== -->
  <!--
    Copies the layout tree, dropping the x: markers:
      - in containers, whitespace between blocks is dropped and any other
        inline content is wrapped in an anonymous block (the container's
        x:anonymous prototype, or the "anonymous" set);
      - in blocks, text is normalised (see WHITESPACE at the top), x:strip
        is applied, x:open / x:close become their marks, x:float and
        l:image are set after the block; x:float to="end" at the end of the
        body.
  -->

  <xsl:key name="run"
           match="node()[parent::l:body or parent::l:group or parent::l:cell or parent::l:header or parent::l:footer]
                        [not(self::l:block or self::l:group or self::l:grid or self::l:cell or self::l:rule or self::l:space or self::l:image or self::x:anonymous or self::x:float)]"
           use="concat(generate-id(..), ' ', generate-id(preceding-sibling::*[self::l:block or self::l:group or self::l:grid or self::l:cell or self::l:rule or self::l:space or self::l:image or self::x:anonymous or self::x:float][1]))"/>

  <xsl:template match="@*" mode="finish">
    <xsl:copy/>
  </xsl:template>
  <xsl:template match="@x:*" mode="finish"/>

  <xsl:template match="*" mode="finish">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*" mode="finish"/>
      <xsl:apply-templates mode="finish"/>
    </xsl:element>
  </xsl:template>

  <!-- Containers -->
  <xsl:template match="l:layout | l:body | l:group | l:grid | l:cell | l:header | l:footer" mode="finish">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*" mode="finish"/>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="self::x:anonymous"/>
          <xsl:when test="self::x:float">
            <xsl:if test="not(@to = 'end')">
              <xsl:apply-templates select="node()" mode="finish"/>
            </xsl:if>
          </xsl:when>
          <xsl:when test="self::l:block or self::l:group or self::l:grid or self::l:cell or self::l:rule or self::l:space or self::l:image or self::l:meta or self::l:page or self::l:header or self::l:footer or self::l:body">
            <xsl:apply-templates select="." mode="finish"/>
          </xsl:when>
          <!-- position() = 1, not not(preceding-sibling::node()): libxml2
               gathers and sorts the whole axis for that, for every child,
               which made a long flat container quadratic. -->
          <xsl:when test="position() = 1 or preceding-sibling::node()[1][self::l:block or self::l:group or self::l:grid or self::l:cell or self::l:rule or self::l:space or self::l:image or self::x:anonymous or self::x:float]">
            <xsl:call-template name="anonymous-block"/>
          </xsl:when>
        </xsl:choose>
      </xsl:for-each>
      <xsl:if test="self::l:body">
        <xsl:apply-templates select="//x:float[@to = 'end']/node()" mode="finish"/>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- A run of inline nodes standing directly in a container, from the
       context node to the next block: a block of its own, unless it is only
       whitespace. -->
  <xsl:template name="anonymous-block">
    <xsl:variable name="run" select="key('run', concat(generate-id(..), ' ', generate-id(preceding-sibling::*[self::l:block or self::l:group or self::l:grid or self::l:cell or self::l:rule or self::l:space or self::l:image or self::x:anonymous or self::x:float][1])))"/>
    <xsl:if test="$run/descendant-or-self::text()[normalize-space()] or $run/descendant-or-self::*[self::x:open or self::x:close or self::l:page-number or self::l:page-count]">
      <xsl:variable name="proto" select="../x:anonymous/l:block"/>
      <xsl:variable name="first" select="not(preceding-sibling::*[self::l:block or self::l:group or self::l:grid or self::l:cell or self::l:rule or self::l:space or self::l:image])"/>
      <xsl:choose>
        <xsl:when test="$proto">
          <l:block>
            <xsl:apply-templates select="$proto/@*" mode="finish"/>
            <xsl:if test="$first and ../@x:first-label">
              <xsl:attribute name="label"><xsl:value-of select="../@x:first-label"/></xsl:attribute>
            </xsl:if>
            <xsl:apply-templates select="$run" mode="finish-inline"/>
          </l:block>
        </xsl:when>
        <xsl:otherwise>
          <l:block xsl:use-attribute-sets="anonymous">
            <xsl:apply-templates select="$run" mode="finish-inline"/>
          </l:block>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="$run/descendant-or-self::*[self::x:float[not(@to = 'end')] or self::l:image][not(ancestor::l:block)]" mode="finish-hoist"/>
    </xsl:if>
  </xsl:template>

  <!-- Blocks: inline content normalised; floats and images after. -->
  <xsl:template match="l:block" mode="finish">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*" mode="finish"/>
      <xsl:apply-templates mode="finish-inline"/>
    </xsl:element>
    <xsl:variable name="me" select="generate-id()"/>
    <xsl:apply-templates select=".//*[self::x:float[not(@to = 'end')] or self::l:image][generate-id(ancestor::l:block[1]) = $me]" mode="finish-hoist"/>
  </xsl:template>

  <xsl:template match="x:float" mode="finish-hoist">
    <xsl:apply-templates select="node()" mode="finish"/>
  </xsl:template>
  <xsl:template match="l:image" mode="finish-hoist">
    <xsl:apply-templates select="." mode="finish"/>
  </xsl:template>

  <!-- Inline content -->
  <xsl:template match="l:span" mode="finish-inline">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*" mode="finish"/>
      <xsl:apply-templates mode="finish-inline"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="l:br | l:page-number | l:page-count" mode="finish-inline">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*" mode="finish"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="x:float | l:image" mode="finish-inline"/>

  <xsl:template match="*" mode="finish-inline">
    <xsl:apply-templates select="." mode="finish"/>
  </xsl:template>

  <!-- An opening mark: a whitespace run just inside it goes before it. -->
  <xsl:template match="x:open" mode="finish-inline">
    <xsl:variable name="prev"><xsl:call-template name="ws-prev"/></xsl:variable>
    <xsl:if test="$prev = 'text' or $prev = 'close'">
      <xsl:variable name="next"><xsl:call-template name="ws-next"><xsl:with-param name="raw" select="true()"/></xsl:call-template></xsl:variable>
      <xsl:if test="$next = 'ws'"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
    <xsl:apply-templates mode="finish-raw"/>
  </xsl:template>

  <!-- A closing mark: a whitespace run just inside it goes after it. -->
  <xsl:template match="x:close" mode="finish-inline">
    <xsl:apply-templates mode="finish-raw"/>
    <xsl:variable name="prev"><xsl:call-template name="ws-prev"/></xsl:variable>
    <xsl:if test="$prev = 'ws'">
      <xsl:variable name="next"><xsl:call-template name="ws-next"><xsl:with-param name="raw" select="true()"/></xsl:call-template></xsl:variable>
      <xsl:if test="$next = 'text' or $next = 'open'"><xsl:text> </xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template match="text()" mode="finish-raw">
    <xsl:value-of select="."/>
  </xsl:template>
  <xsl:template match="*" mode="finish-raw">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*" mode="finish"/>
      <xsl:apply-templates mode="finish-raw"/>
    </xsl:element>
  </xsl:template>

  <!-- Text. A whitespace run becomes one space, written by the text node
       where it begins, if there is text (or a mark) before it and after it
       on the same line; none just inside a mark. -->
  <xsl:template match="text()" mode="finish-inline">
    <xsl:variable name="core" select="normalize-space(.)"/>
    <xsl:variable name="starts-ws" select="contains($ws, substring(., 1, 1))"/>
    <xsl:variable name="ends-ws" select="contains($ws, substring(., string-length(.)))"/>
    <xsl:choose>
      <xsl:when test="$core = ''">
        <xsl:variable name="prev"><xsl:call-template name="ws-prev"/></xsl:variable>
        <xsl:if test="$prev = 'text' or $prev = 'close'">
          <xsl:variable name="next"><xsl:call-template name="ws-next"/></xsl:variable>
          <xsl:if test="$next = 'text' or $next = 'open'"><xsl:text> </xsl:text></xsl:if>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:if test="$starts-ws">
          <xsl:variable name="prev"><xsl:call-template name="ws-prev"/></xsl:variable>
          <xsl:if test="$prev = 'text' or $prev = 'close'"><xsl:text> </xsl:text></xsl:if>
        </xsl:if>
        <xsl:variable name="next"><xsl:call-template name="ws-next"/></xsl:variable>
        <xsl:variable name="strip" select="string(ancestor::l:block[1]/@x:strip)"/>
        <xsl:choose>
          <xsl:when test="$next = 'none' and $strip = 'period'">
            <xsl:call-template name="strip-period"><xsl:with-param name="s" select="$core"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="$next = 'none' and $strip = 'label'">
            <xsl:call-template name="strip-label"><xsl:with-param name="s" select="$core"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$core"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$ends-ws and ($next = 'text' or $next = 'open')"><xsl:text> </xsl:text></xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    The neighbours of a node on its line, for the whitespace rules. Kinds:
      none   start / end of the block, or of a run in a container
      br     a line break
      open   an opening mark;  close  a closing mark
      text   text (or a page number)
      ws     (ws-prev, and ws-next with raw) text ending / starting with
             whitespace
    Spans are transparent; x:float and l:image (set elsewhere) are skipped.
    ws-next skips whitespace-only text unless raw is true.
  -->
  <xsl:template name="ws-prev">
    <xsl:param name="node" select="."/>
    <xsl:variable name="s" select="$node/preceding-sibling::node()[1]"/>
    <xsl:choose>
      <xsl:when test="$s">
        <xsl:call-template name="ws-last"><xsl:with-param name="node" select="$s"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$node/parent::l:span">
        <xsl:call-template name="ws-prev"><xsl:with-param name="node" select="$node/.."/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>none</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ws-last">
    <xsl:param name="node"/>
    <xsl:choose>
      <xsl:when test="$node/self::text()">
        <xsl:choose>
          <xsl:when test="contains($ws, substring($node, string-length($node)))">ws</xsl:when>
          <xsl:otherwise>text</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$node/self::l:span[node()]">
        <xsl:call-template name="ws-last"><xsl:with-param name="node" select="$node/node()[last()]"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$node/self::l:span or $node/self::x:float or $node/self::l:image or $node/self::comment() or $node/self::processing-instruction()">
        <xsl:call-template name="ws-prev"><xsl:with-param name="node" select="$node"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$node/self::l:br">br</xsl:when>
      <xsl:when test="$node/self::x:open">open</xsl:when>
      <xsl:when test="$node/self::x:close">close</xsl:when>
      <xsl:when test="$node/self::l:page-number or $node/self::l:page-count">text</xsl:when>
      <xsl:otherwise>none</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ws-next">
    <xsl:param name="node" select="."/>
    <xsl:param name="raw" select="false()"/>
    <xsl:variable name="s" select="$node/following-sibling::node()[1]"/>
    <xsl:choose>
      <xsl:when test="$s">
        <xsl:call-template name="ws-first"><xsl:with-param name="node" select="$s"/><xsl:with-param name="raw" select="$raw"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$node/parent::l:span">
        <xsl:call-template name="ws-next"><xsl:with-param name="node" select="$node/.."/><xsl:with-param name="raw" select="$raw"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>none</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ws-first">
    <xsl:param name="node"/>
    <xsl:param name="raw"/>
    <xsl:choose>
      <xsl:when test="$node/self::text() and $raw">
        <xsl:choose>
          <xsl:when test="contains($ws, substring($node, 1, 1))">ws</xsl:when>
          <xsl:otherwise>text</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$node/self::text()[normalize-space()]">text</xsl:when>
      <xsl:when test="$node/self::l:span[node()]">
        <xsl:call-template name="ws-first"><xsl:with-param name="node" select="$node/node()[1]"/><xsl:with-param name="raw" select="$raw"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$node/self::text() or $node/self::l:span or $node/self::x:float or $node/self::l:image or $node/self::comment() or $node/self::processing-instruction()">
        <xsl:call-template name="ws-next"><xsl:with-param name="node" select="$node"/><xsl:with-param name="raw" select="$raw"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$node/self::l:br">br</xsl:when>
      <xsl:when test="$node/self::x:open">open</xsl:when>
      <xsl:when test="$node/self::x:close">close</xsl:when>
      <xsl:when test="$node/self::l:page-number or $node/self::l:page-count">text</xsl:when>
      <xsl:otherwise>none</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ES-25a, ES-35: a single final period goes, unless it ends an
       abbreviation (a listed one, one with an inner period, an initial) or
       an ellipsis. -->
  <xsl:template name="strip-period">
    <xsl:param name="s"/>
    <xsl:variable name="n" select="string-length($s)"/>
    <!-- The typography pass glues an abbreviation to the word before it
         with a no-break or thin space (ES-18, ES-19: "Normas,⍽etc."): those
         separate words too. -->
    <xsl:variable name="word">
      <xsl:call-template name="last-word"><xsl:with-param name="s" select="translate($s, '&#160;&#8239;', '  ')"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="stem" select="substring($word, 1, string-length($word) - 1)"/>
    <xsl:choose>
      <xsl:when test="substring($s, $n) != '.' or substring($s, $n - 1, 1) = '.'"><xsl:value-of select="$s"/></xsl:when>
      <xsl:when test="contains($stem, '.')"><xsl:value-of select="$s"/></xsl:when>
      <xsl:when test="string-length($stem) = 1 and translate($stem, $lower, '') = ''"><xsl:value-of select="$s"/></xsl:when>
      <xsl:when test="string-length($stem) = 1 and translate($stem, $upper, '') = ''"><xsl:value-of select="$s"/></xsl:when>
      <xsl:when test="contains($abbreviations, concat(' ', translate($word, $upper, $lower), ' '))"><xsl:value-of select="$s"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="substring($s, 1, $n - 1)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="last-word">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, ' ')">
        <xsl:call-template name="last-word"><xsl:with-param name="s" select="substring-after($s, ' ')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ES-35: trailing commas and spaces of the signatures' label go
       ("Firmantes ," → "Firmantes"); a typed colon stays. -->
  <xsl:template name="strip-label">
    <xsl:param name="s"/>
    <xsl:variable name="last" select="substring($s, string-length($s))"/>
    <xsl:choose>
      <xsl:when test="$s != '' and ($last = ',' or $last = ' ')">
        <xsl:call-template name="strip-label">
          <xsl:with-param name="s" select="substring($s, 1, string-length($s) - 1)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
