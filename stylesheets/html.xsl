<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: a TEI declaration (declc's subset) → one self-contained HTML5 file,
  the archival web copy (DESIGN.md §1).

  Self-contained: the CSS is inline, nothing is loaded from anywhere (no
  fonts, images, scripts or styles from outside). The font stack names Linux
  Libertine O first, as the PDF does, then Georgia and the browser's serif.
  Images (<graphic>: signatures, logos) are embedded as data: URIs, read
  by declc under the PDF's rules (d:image-data-uri: a PNG, JPEG or SVG in
  the document's folder), each an <img> whose alt is the PDF's text
  alternative (es:image-alt: desc, figDesc, or "Firma de …" / "Logotipo de
  …"); a desc is also kept as text out of sight. An image declc cannot
  use is an image:unusable error, and declc writes no HTML then (as no
  PDF); under a plain XSLT processor, which cannot read images, each image
  becomes a span with role="img" and that text as aria-label. The
  signatories follow the closer's rend="sort-surname" / "sort-org" as the
  PDF does (es:signatories).

  The page:
    html[lang]  head: charset, title, Dublin Core metas (DC-HTML), inline CSS
    body > main > article
      header.portada     the title block, centred (ES-36)
      div.cuerpo         opener, paragraphs (justified, 1.5em indent, ES-26),
                         section per div with h2…h6 by depth (ES-25), lists
                         with their labels written out, quotations
      footer.cierre      dateline (right, ES-24), the label of the signatures,
                         ul.firmantes (a grid of two columns, ES-35),
                         postscripts, trailers
      section.notas      the notes, numbered, each with a link back
  @media print sets A4 pages and keeps a signatory, a heading and the
  signature label with what follows.

  Spanish text the stylesheet writes itself (dates, datelines, quotation
  marks by depth, list labels, heading numbers) comes from common-es.xsl.
  Quotation marks are written as text, not with CSS `quotes`, so that they
  survive copy and paste.

  Encoding declaration: libxslt's HTML serializer (libxml2 2.9) adds a
  <meta http-equiv="Content-Type"> to any <head> that has none, and does not
  know <meta charset>; writing the http-equiv form ourselves gives exactly one
  encoding declaration, which HTML5 requires.

  Parameters (besides those of common-es.xsl): none yet. An `embed-fonts`
  parameter (fonts as data: URLs in @font-face) is planned.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="http://www.tei-c.org/ns/1.0"
    xmlns:es="urn:declc:es"
    xmlns:str="http://exslt.org/strings"
    xmlns:d="urn:declc:xslt"
    exclude-result-prefixes="t es str d">

  <xsl:import href="common-es.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:strip-space elements="t:TEI t:teiHeader t:fileDesc t:titleStmt t:publicationStmt
      t:profileDesc t:textClass t:keywords t:text t:front t:docTitle t:figure t:body t:div
      t:list t:opener t:address t:closer t:signed t:postscript t:availability"/>

  <xsl:key name="id" match="*[@xml:id]" use="@xml:id"/>

  <!-- embed-fonts=true: the bundled Linux Libertine O goes into the page as
       @font-face data, so the copy looks the same on a machine without it
       (about 2.3 MB more). Off by default: the archival copy stays small. -->
  <xsl:param name="embed-fonts" select="'false'"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <xsl:variable name="header" select="/t:TEI/t:teiHeader"/>
  <xsl:variable name="doc-lang">
    <xsl:choose>
      <xsl:when test="/t:TEI/@xml:lang != ''"><xsl:value-of select="/t:TEI/@xml:lang"/></xsl:when>
      <xsl:when test="/t:TEI/t:text/@xml:lang != ''"><xsl:value-of select="/t:TEI/t:text/@xml:lang"/></xsl:when>
      <xsl:when test="$header//t:langUsage/t:language[1]/@ident != ''">
        <xsl:value-of select="$header//t:langUsage/t:language[1]/@ident"/>
      </xsl:when>
      <xsl:otherwise>es</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="doc-title">
    <xsl:choose>
      <xsl:when test="$header/t:fileDesc/t:titleStmt/t:title[@type = 'main']">
        <xsl:value-of select="normalize-space($header/t:fileDesc/t:titleStmt/t:title[@type = 'main'][1])"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="normalize-space($header/t:fileDesc/t:titleStmt/t:title[1])"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- ================================================================ -->
  <!-- The page                                                          -->
  <!-- ================================================================ -->

  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;</xsl:text>
    <xsl:value-of select="$nl"/>
    <html lang="{$doc-lang}">
      <xsl:value-of select="$nl"/>
      <head>
        <xsl:value-of select="$nl"/>
        <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
        <xsl:value-of select="$nl"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <xsl:value-of select="$nl"/>
        <title><xsl:value-of select="$doc-title"/></title>
        <xsl:value-of select="$nl"/>
        <xsl:call-template name="metadata"/>
        <style>
          <xsl:if test="$embed-fonts = 'true' and function-available('d:font-base64')">
            <xsl:call-template name="font-face"><xsl:with-param name="file" select="'LinLibertine_R.otf'"/><xsl:with-param name="style" select="'normal'"/><xsl:with-param name="weight" select="'normal'"/></xsl:call-template>
            <xsl:call-template name="font-face"><xsl:with-param name="file" select="'LinLibertine_RI.otf'"/><xsl:with-param name="style" select="'italic'"/><xsl:with-param name="weight" select="'normal'"/></xsl:call-template>
            <xsl:call-template name="font-face"><xsl:with-param name="file" select="'LinLibertine_RB.otf'"/><xsl:with-param name="style" select="'normal'"/><xsl:with-param name="weight" select="'bold'"/></xsl:call-template>
            <xsl:call-template name="font-face"><xsl:with-param name="file" select="'LinLibertine_RBI.otf'"/><xsl:with-param name="style" select="'italic'"/><xsl:with-param name="weight" select="'bold'"/></xsl:call-template>
          </xsl:if>
          <xsl:value-of select="$css"/>
        </style>
        <xsl:value-of select="$nl"/>
      </head>
      <xsl:value-of select="$nl"/>
      <body>
        <xsl:value-of select="$nl"/>
        <main>
          <xsl:value-of select="$nl"/>
          <xsl:apply-templates select="/t:TEI/t:text"/>
        </main>
        <xsl:value-of select="$nl"/>
      </body>
      <xsl:value-of select="$nl"/>
    </html>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Dublin Core in HTML (DC-HTML: a schema.DC link, then DC.* metas),
       plus the plain author / keywords metas that search engines read. The
       schema.DC link names the vocabulary; browsers never fetch it. -->
  <xsl:template name="metadata">
    <xsl:variable name="fd" select="$header/t:fileDesc"/>
    <xsl:variable name="pub" select="$fd/t:publicationStmt"/>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <xsl:value-of select="$nl"/>
    <xsl:call-template name="meta">
      <xsl:with-param name="name">DC.title</xsl:with-param>
      <xsl:with-param name="content" select="$doc-title"/>
    </xsl:call-template>
    <xsl:for-each select="$fd/t:titleStmt/t:author">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">DC.creator</xsl:with-param>
        <xsl:with-param name="content" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$pub/t:publisher">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">DC.publisher</xsl:with-param>
        <xsl:with-param name="content" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:variable name="date"
        select="($pub/t:date/@when | $pub/t:date/@to | /t:TEI/t:text/t:front//t:docDate/@when
                | /t:TEI/t:text/t:front//t:date/@when | /t:TEI/t:text/t:front//t:date/@to)[1]"/>
    <xsl:if test="$date">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">DC.date</xsl:with-param>
        <xsl:with-param name="content" select="string($date)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="meta">
      <xsl:with-param name="name">DC.language</xsl:with-param>
      <xsl:with-param name="content" select="$doc-lang"/>
    </xsl:call-template>
    <xsl:for-each select="$header/t:profileDesc/t:textClass/t:keywords/t:term">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">DC.subject</xsl:with-param>
        <xsl:with-param name="content" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$pub/t:idno | $fd/t:seriesStmt/t:idno">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">DC.identifier</xsl:with-param>
        <xsl:with-param name="content" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$pub/t:availability/t:licence">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">DC.rights</xsl:with-param>
        <xsl:with-param name="content">
          <xsl:value-of select="normalize-space(.)"/>
          <xsl:if test="@target">
            <xsl:if test="normalize-space(.) != ''"><xsl:text> </xsl:text></xsl:if>
            <xsl:value-of select="@target"/>
          </xsl:if>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:for-each select="$fd/t:seriesStmt/t:title[1]">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">DC.relation.isPartOf</xsl:with-param>
        <xsl:with-param name="content" select="normalize-space(.)"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="meta">
      <xsl:with-param name="name">DC.type</xsl:with-param>
      <xsl:with-param name="content">Text</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="meta">
      <xsl:with-param name="name">DC.format</xsl:with-param>
      <xsl:with-param name="content">text/html</xsl:with-param>
    </xsl:call-template>
    <xsl:if test="$fd/t:titleStmt/t:author">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">author</xsl:with-param>
        <xsl:with-param name="content">
          <xsl:for-each select="$fd/t:titleStmt/t:author">
            <xsl:if test="position() > 1">; </xsl:if>
            <xsl:value-of select="normalize-space(.)"/>
          </xsl:for-each>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:if test="$header/t:profileDesc/t:textClass/t:keywords/t:term">
      <xsl:call-template name="meta">
        <xsl:with-param name="name">keywords</xsl:with-param>
        <xsl:with-param name="content">
          <xsl:for-each select="$header/t:profileDesc/t:textClass/t:keywords/t:term">
            <xsl:if test="position() > 1">, </xsl:if>
            <xsl:value-of select="normalize-space(.)"/>
          </xsl:for-each>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="meta">
      <xsl:with-param name="name">generator</xsl:with-param>
      <xsl:with-param name="content">declc</xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="meta">
    <xsl:param name="name"/>
    <xsl:param name="content"/>
    <meta name="{$name}" content="{$content}"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- The TEI attributes every HTML element carries over: xml:id → id,
       xml:lang → lang (only where it differs from the page's). -->
  <xsl:template name="attrs">
    <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
    <xsl:if test="@xml:lang and not(self::t:TEI)">
      <xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Document structure                                                -->
  <!-- ================================================================ -->

  <xsl:template match="t:text">
    <article class="declaracion">
      <xsl:call-template name="attrs"/>
      <xsl:value-of select="$nl"/>
      <xsl:choose>
        <xsl:when test="t:front"><xsl:apply-templates select="t:front"/></xsl:when>
        <!-- No title block: the document's title, so that the page has a heading. -->
        <xsl:when test="$doc-title != ''">
          <header class="portada">
            <h1><span class="titulo-parte"><xsl:value-of select="$doc-title"/></span></h1>
          </header>
          <xsl:value-of select="$nl"/>
        </xsl:when>
      </xsl:choose>
      <xsl:apply-templates select="t:body"/>
      <xsl:variable name="notes" select=".//t:note"/>
      <xsl:if test="$notes">
        <section class="notas" role="doc-endnotes" aria-labelledby="notas-titulo">
          <xsl:value-of select="$nl"/>
          <h2 id="notas-titulo">Notas</h2>
          <xsl:value-of select="$nl"/>
          <ol class="notas-lista">
            <xsl:value-of select="$nl"/>
            <xsl:for-each select="$notes">
              <xsl:variable name="num" select="position()"/>
              <li id="nota-{$num}">
                <xsl:call-template name="attrs"/>
                <span class="etiqueta">
                  <xsl:call-template name="es:note-mark"/>
                  <xsl:text> </xsl:text>
                </span>
                <xsl:apply-templates/>
                <xsl:text> </xsl:text>
                <a class="volver" href="#llamada-{$num}" role="doc-backlink" aria-label="Volver al texto">&#x21A9;&#xFE0E;</a>
              </li>
              <xsl:value-of select="$nl"/>
            </xsl:for-each>
          </ol>
          <xsl:value-of select="$nl"/>
        </section>
        <xsl:value-of select="$nl"/>
      </xsl:if>
    </article>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Title block (ES-36): all title parts form the one h1, a line each. -->
  <xsl:template match="t:front">
    <header class="portada">
      <xsl:call-template name="attrs"/>
      <xsl:value-of select="$nl"/>
      <xsl:apply-templates/>
    </header>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:front/t:figure">
    <div class="logos">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </div>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:docTitle">
    <h1>
      <xsl:call-template name="attrs"/>
      <xsl:for-each select="t:titlePart">
        <xsl:if test="position() > 1"><xsl:value-of select="$nl"/></xsl:if>
        <span class="titulo-parte titulo-{@type}">
          <xsl:call-template name="attrs"/>
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
    </h1>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:front/t:docDate | t:front/t:docImprint">
    <p class="pie-titulo">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:docImprint/t:docDate | t:docImprint/t:pubPlace | t:docImprint/t:publisher">
    <xsl:call-template name="inline-span"/>
  </xsl:template>

  <xsl:template match="t:body">
    <div class="cuerpo">
      <xsl:value-of select="$nl"/>
      <xsl:apply-templates select="*[not(self::t:closer or self::t:postscript or self::t:trailer)
                                     and not(preceding-sibling::t:closer or preceding-sibling::t:postscript
                                             or preceding-sibling::t:trailer)]"/>
    </div>
    <xsl:value-of select="$nl"/>
    <xsl:variable name="end" select="t:closer | t:postscript | t:trailer"/>
    <xsl:if test="$end">
      <footer class="cierre">
        <xsl:value-of select="$nl"/>
        <xsl:apply-templates select="$end"/>
      </footer>
      <xsl:value-of select="$nl"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="t:div">
    <section class="div div-{@type}">
      <xsl:call-template name="attrs"/>
      <xsl:if test="@n"><xsl:attribute name="data-n"><xsl:value-of select="@n"/></xsl:attribute></xsl:if>
      <xsl:value-of select="$nl"/>
      <xsl:apply-templates/>
    </section>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Headings by depth: the title is h1, a top-level div's head h2, … h6. -->
  <xsl:template match="t:div/t:head">
    <xsl:variable name="level" select="count(ancestor::t:div) + 1"/>
    <xsl:element name="h{$level - ($level > 6) * ($level - 6)}">
      <xsl:call-template name="attrs"/>
      <xsl:variable name="number"><xsl:call-template name="es:head-number"/></xsl:variable>
      <xsl:if test="$number != ''">
        <span class="numero"><xsl:value-of select="$number"/></span>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:p">
    <p>
      <xsl:call-template name="attrs"/>
      <xsl:call-template name="es:block-quote-mark"/>
      <xsl:apply-templates/>
      <xsl:call-template name="es:block-quote-mark"><xsl:with-param name="which" select="'close'"/></xsl:call-template>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Lists: labels written out (ES-… list labels from @n)              -->
  <!-- ================================================================ -->

  <xsl:template match="t:list">
    <xsl:apply-templates select="t:head"/>
    <xsl:variable name="tag">
      <xsl:choose>
        <xsl:when test="@rend = 'bulleted'">ul</xsl:when>
        <xsl:otherwise>ol</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$tag}">
      <xsl:attribute name="class">lista lista-<xsl:value-of select="@rend"/></xsl:attribute>
      <xsl:call-template name="attrs"/>
      <xsl:value-of select="$nl"/>
      <xsl:apply-templates select="t:item"/>
    </xsl:element>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:list/t:head">
    <p class="titulo-lista">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:item">
    <li>
      <xsl:call-template name="attrs"/>
      <xsl:variable name="label"><xsl:call-template name="es:list-label"/></xsl:variable>
      <xsl:if test="../@rend != 'bulleted' and string(number(@n)) != 'NaN' and floor(@n) = @n">
        <xsl:attribute name="value"><xsl:value-of select="number(@n)"/></xsl:attribute>
      </xsl:if>
      <span class="etiqueta"><xsl:value-of select="$label"/><xsl:text> </xsl:text></span>
      <xsl:apply-templates/>
    </li>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Quotations (ES-04): marks by depth, as text                       -->
  <!-- ================================================================ -->

  <xsl:template match="t:q | t:quote">
    <xsl:variable name="block"><xsl:call-template name="es:is-block-quote"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$block = '1'">
        <blockquote>
          <xsl:call-template name="attrs"/>
          <xsl:choose>
            <xsl:when test="t:p | t:list | t:quote">
              <xsl:value-of select="$nl"/>
              <xsl:apply-templates/>
            </xsl:when>
            <xsl:otherwise>
              <!-- Run-in content set as a block: one quoted paragraph. -->
              <xsl:variable name="depth"><xsl:call-template name="es:quote-depth"/></xsl:variable>
              <p>
                <xsl:if test="$block-quote-marks = 'true'">
                  <xsl:call-template name="es:quote-open"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
                </xsl:if>
                <xsl:apply-templates/>
                <xsl:if test="$block-quote-marks = 'true'">
                  <xsl:call-template name="es:quote-close"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
                </xsl:if>
              </p>
            </xsl:otherwise>
          </xsl:choose>
        </blockquote>
        <xsl:value-of select="$nl"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="depth"><xsl:call-template name="es:quote-depth"/></xsl:variable>
        <xsl:call-template name="es:quote-open"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
        <q>
          <xsl:call-template name="attrs"/>
          <xsl:apply-templates/>
        </q>
        <xsl:call-template name="es:quote-close"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Inline elements                                                   -->
  <!-- ================================================================ -->

  <xsl:template match="text()">
    <xsl:call-template name="es:text"/>
  </xsl:template>

  <!-- Names, numbers, places: printed as typed; a span only when they carry
       an id or a language. -->
  <xsl:template match="t:name | t:orgName | t:placeName | t:roleName | t:num | t:pubPlace
                       | t:publisher | t:docDate">
    <xsl:call-template name="inline-span"/>
  </xsl:template>

  <!-- ES-32: a personal name is never divided at a line end (CSS
       hyphens: manual on class nombre), as in the PDF. -->
  <xsl:template match="t:persName | t:name[@type = 'person']">
    <span class="nombre"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template name="inline-span">
    <xsl:choose>
      <xsl:when test="@xml:id or @xml:lang">
        <span><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:hi">
    <xsl:call-template name="hi">
      <xsl:with-param name="rends" select="str:tokenize(@rend, ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- One HTML element per @rend value, nested (at most seven). uppercase
       is done on the text itself (ES-20), so that it copies as capitals. -->
  <xsl:template name="hi">
    <xsl:param name="rends"/>
    <xsl:variable name="r" select="string($rends[1])"/>
    <xsl:variable name="tag">
      <xsl:choose>
        <xsl:when test="$r = 'italic'">i</xsl:when>
        <xsl:when test="$r = 'bold'">b</xsl:when>
        <xsl:when test="$r = 'sup'">sup</xsl:when>
        <xsl:when test="$r = 'sub'">sub</xsl:when>
        <xsl:when test="$r = 'underline'">u</xsl:when>
        <xsl:when test="$r = 'smallcaps'">span</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="not($rends)">
        <xsl:choose>
          <xsl:when test="@xml:id or @xml:lang">
            <span><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
          </xsl:when>
          <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$tag = ''">
        <xsl:call-template name="hi"><xsl:with-param name="rends" select="$rends[position() > 1]"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{$tag}">
          <xsl:if test="$r = 'smallcaps'"><xsl:attribute name="class">versalitas</xsl:attribute></xsl:if>
          <!-- Letras voladas: superscripts and ordinal endings (1.er, ES-17),
               in the font's superior letters where the browser can (CSS). -->
          <xsl:if test="$r = 'sup'"><xsl:attribute name="class">volada</xsl:attribute></xsl:if>
          <xsl:call-template name="hi"><xsl:with-param name="rends" select="$rends[position() > 1]"/></xsl:call-template>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Foreign words in italics, with their language (ES-34). -->
  <xsl:template match="t:foreign">
    <i class="extranjero">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </i>
  </xsl:template>

  <!-- Dates (ES-23): written out when empty; <time> when @when says which. -->
  <xsl:template match="t:date">
    <xsl:variable name="typed" select="node()[self::* or normalize-space()]"/>
    <xsl:variable name="content">
      <xsl:choose>
        <xsl:when test="$typed"><xsl:apply-templates/></xsl:when>
        <xsl:otherwise><xsl:call-template name="es:date"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="@when">
        <time datetime="{@when}">
          <xsl:call-template name="attrs"/>
          <xsl:copy-of select="$content"/>
        </time>
      </xsl:when>
      <xsl:when test="@xml:id or @xml:lang">
        <span><xsl:call-template name="attrs"/><xsl:copy-of select="$content"/></span>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="$content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Links: only web and mail addresses, and anchors of this document. -->
  <xsl:template match="t:ref">
    <xsl:variable name="target" select="normalize-space(@target)"/>
    <xsl:variable name="lower" select="translate($target, 'HTPSMAILO', 'htpsmailo')"/>
    <xsl:choose>
      <xsl:when test="starts-with($lower, 'http://') or starts-with($lower, 'https://')
                      or starts-with($lower, 'mailto:')
                      or (starts-with($target, '#') and key('id', substring($target, 2)))">
        <a href="{$target}">
          <xsl:call-template name="attrs"/>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="inline-span"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:lb"><br/></xsl:template>

  <!-- A page break of the printed original: an invisible marker with the
       page number, where HTML allows a span. -->
  <xsl:template match="t:pb">
    <xsl:if test="not(parent::t:list or parent::t:closer)">
      <span class="pb" data-n="{@n}"></span>
    </xsl:if>
  </xsl:template>

  <!-- A note: its call here, its text in section.notas. -->
  <xsl:template match="t:note">
    <xsl:variable name="num" select="count(preceding::t:note[ancestor::t:text]) + count(ancestor::t:note) + 1"/>
    <a class="llamada" id="llamada-{$num}" href="#nota-{$num}" role="doc-noteref">
      <sup><xsl:call-template name="es:note-mark"/></sup>
    </a>
  </xsl:template>

  <!-- An image, embedded (the file stays self-contained: nothing is
       loaded from anywhere): an img whose src is the file as a data: URI
       and whose alt is the PDF's /Alt (es:image-alt). The TEI width and
       height are kept when they are plain CSS lengths. When the image
       cannot be had (declc has reported why, and will not write this copy)
       or the processor has no d:image-data-uri, a span with role="img" and
       the text alternative as aria-label stands in its place. A desc also
       stays as text, out of sight. -->
  <xsl:template match="t:graphic">
    <xsl:variable name="alt"><xsl:call-template name="es:image-alt"/></xsl:variable>
    <xsl:variable name="uri">
      <xsl:if test="function-available('d:image-data-uri')">
        <xsl:value-of select="d:image-data-uri(@url)"/>
      </xsl:if>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="starts-with($uri, 'data:image/')">
        <img class="grafico" src="{$uri}" alt="{$alt}">
          <xsl:call-template name="attrs"/>
          <xsl:variable name="w"><xsl:call-template name="css-length"><xsl:with-param name="v" select="@width"/></xsl:call-template></xsl:variable>
          <xsl:variable name="h"><xsl:call-template name="css-length"><xsl:with-param name="v" select="@height"/></xsl:call-template></xsl:variable>
          <!-- a side not given follows the picture's proportions -->
          <xsl:if test="$w != '' or $h != ''">
            <xsl:attribute name="style">
              <xsl:value-of select="concat('width: ', $w, substring('auto', 1, 4 * ($w = '')),
                                           '; height: ', $h, substring('auto', 1, 4 * ($h = '')), ';')"/>
            </xsl:attribute>
          </xsl:if>
        </img>
      </xsl:when>
      <xsl:otherwise>
        <span class="grafico" data-url="{@url}">
          <xsl:call-template name="attrs"/>
          <xsl:if test="$alt != ''">
            <xsl:attribute name="role">img</xsl:attribute>
            <xsl:attribute name="aria-label"><xsl:value-of select="$alt"/></xsl:attribute>
          </xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="normalize-space(t:desc) != ''">
      <span class="oculto"><xsl:value-of select="normalize-space(t:desc)"/></span>
    </xsl:if>
  </xsl:template>

  <!-- A TEI measure (a graphic's @width, @height) as it stands when it is a
       positive number and a CSS unit of length ("4cm", "120pt"); '' for
       anything else (percentages, which mean the page's measure in TEI). -->
  <xsl:template name="css-length">
    <xsl:param name="v"/>
    <xsl:variable name="s" select="normalize-space($v)"/>
    <xsl:variable name="unit" select="translate($s, '0123456789.', '')"/>
    <xsl:if test="$s != '' and contains(' cm mm in pt px em ', concat(' ', $unit, ' '))
                  and number(substring-before($s, $unit)) &gt; 0">
      <xsl:value-of select="$s"/>
    </xsl:if>
  </xsl:template>

  <!-- A figure's description: the text alternative of its only graphic
       (above); with several, text out of sight after them. -->
  <xsl:template match="t:figDesc">
    <xsl:if test="count(../t:graphic) != 1">
      <span class="oculto"><xsl:value-of select="normalize-space()"/></span>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Opener, closer, signatories                                       -->
  <!-- ================================================================ -->

  <xsl:template match="t:opener">
    <div class="encabezamiento">
      <xsl:call-template name="attrs"/>
      <xsl:value-of select="$nl"/>
      <xsl:apply-templates/>
    </div>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:address">
    <p class="destinatario">
      <xsl:call-template name="attrs"/>
      <xsl:for-each select="t:addrLine">
        <xsl:if test="position() > 1"><br/><xsl:value-of select="$nl"/></xsl:if>
        <xsl:call-template name="inline-span"/>
      </xsl:for-each>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:opener/t:salute">
    <p class="saludo">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Place and date (ES-24): right by default; rend left / center. -->
  <xsl:template match="t:dateline">
    <xsl:variable name="rend" select="concat(' ', @rend, ' ')"/>
    <p>
      <xsl:attribute name="class">
        <xsl:text>lugar-fecha</xsl:text>
        <xsl:choose>
          <xsl:when test="contains($rend, ' left ')"> izquierda</xsl:when>
          <xsl:when test="contains($rend, ' center ')"> centro</xsl:when>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="attrs"/>
      <xsl:for-each select="node()">
        <xsl:call-template name="es:dateline-sep"/>
        <xsl:if test="not(self::text()) or normalize-space()">
          <xsl:apply-templates select="."/>
        </xsl:if>
      </xsl:for-each>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:closer">
    <xsl:apply-templates select="*[not(self::t:signed)]"/>
    <xsl:if test="t:signed">
      <ul aria-label="Firmantes">
        <xsl:attribute name="class">
          <xsl:text>firmantes</xsl:text>
          <xsl:if test="count(t:signed) = 1"> uno</xsl:if>
        </xsl:attribute>
        <xsl:value-of select="$nl"/>
        <!-- as written, or sorted as the PDF is (closer/@rend) -->
        <xsl:call-template name="es:signatories"/>
      </ul>
      <xsl:value-of select="$nl"/>
    </xsl:if>
  </xsl:template>

  <!-- The line before the signatures: their label ("Firmantes", centred
       and bold, as in the PDF) or a closing formula ("Atentamente,", an
       indented paragraph); either is kept with the first row. -->
  <xsl:template match="t:closer/t:salute">
    <xsl:variable name="label"><xsl:call-template name="es:is-label"/></xsl:variable>
    <p>
      <xsl:attribute name="class">
        <xsl:choose>
          <xsl:when test="$label = 'yes'">rotulo-firmas</xsl:when>
          <xsl:otherwise>formula</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- One signatory (ES-35): the signature image, if any, above the
       signature rule (both drawn in span.firma, the rule by CSS), then one
       line each for name, cargos, institutions. An institution that signs
       alone takes the name line. -->
  <xsl:template match="t:signed" mode="es:signatory">
    <li class="firmante">
      <xsl:call-template name="attrs"/>
      <span class="firma"><xsl:apply-templates select="t:graphic"/></span>
      <xsl:for-each select="t:persName | t:roleName | t:orgName">
        <xsl:value-of select="$nl"/>
        <span>
          <xsl:attribute name="class">
            <xsl:choose>
              <xsl:when test="self::t:persName or (self::t:orgName and not(../t:persName)
                              and not(preceding-sibling::t:orgName))">nombre</xsl:when>
              <xsl:when test="self::t:roleName">cargo</xsl:when>
              <xsl:otherwise>institucion</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:call-template name="attrs"/>
          <xsl:apply-templates/>
        </span>
      </xsl:for-each>
    </li>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:postscript">
    <div class="posdata">
      <xsl:call-template name="attrs"/>
      <xsl:value-of select="$nl"/>
      <xsl:apply-templates/>
    </div>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:trailer">
    <p class="trailer">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </p>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Anything else of the TEI text: its content. -->
  <xsl:template match="t:*">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- The style sheet                                                   -->
  <!-- ================================================================ -->

  <xsl:template name="font-face">
    <xsl:param name="file"/>
    <xsl:param name="style"/>
    <xsl:param name="weight"/>
    <xsl:text>@font-face { font-family: "Linux Libertine O"; font-style: </xsl:text>
    <xsl:value-of select="$style"/>
    <xsl:text>; font-weight: </xsl:text>
    <xsl:value-of select="$weight"/>
    <xsl:text>; src: url(data:font/otf;base64,</xsl:text>
    <xsl:value-of select="d:font-base64($file)"/>
    <xsl:text>) format("opentype"); }&#10;</xsl:text>
  </xsl:template>

  <xsl:variable name="css">
:root { color-scheme: light; }
html { background: #fff; color: #1b1b1b; }
body {
  margin: 0;
  font-family: "Linux Libertine O", "Linux Libertine", Georgia, serif;
  font-size: 19px;
  line-height: 1.5;
  font-kerning: normal;
  font-variant-ligatures: common-ligatures;
  text-rendering: optimizeLegibility;
}
main { max-width: 36em; margin: 0 auto; padding: 3em 1.5em 4em; }
p { margin: 0 0 .5em; text-align: justify; text-indent: 1.5em; hyphens: auto; -webkit-hyphens: auto;
    orphans: 2; widows: 2; }
a { color: #1f4e85; }
q::before, q::after { content: none; }
.versalitas { font-variant: small-caps; }
.nombre { hyphens: manual; -webkit-hyphens: manual; }
/* Superscripts and ordinal endings (1.er, ES-17): the font's own superior
   letters (OpenType sups) at the text's size where the browser has
   font-variant-position; raised and smaller elsewhere. */
sup.volada { font-size: .7em; line-height: 0; }
@supports (font-variant-position: super) {
  sup.volada { font-variant-position: super; vertical-align: baseline; font-size: inherit; }
}
.oculto { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden;
          clip: rect(0 0 0 0); white-space: nowrap; }

/* Title block (ES-36): centred, bold, never hyphenated. */
.portada { text-align: center; margin: 0 0 2.5em; hyphens: manual; -webkit-hyphens: manual; }
.portada h1 { font-size: 1.05em; font-weight: bold; line-height: 1.45; margin: 0; letter-spacing: .02em; }
.titulo-parte { display: block; }
.portada h1 .titulo-parte:first-child { font-size: 1.3em; letter-spacing: .08em; margin-bottom: .35em; }
.pie-titulo { text-align: center; text-indent: 0; font-weight: bold; margin: .35em 0 0; }
.logos { margin-bottom: 1em; }
.logos img.grafico { height: 48pt; width: auto; max-width: 40%; margin: 0 .75em; vertical-align: middle; }
img.grafico { max-width: 100%; }

/* Headings (ES-25): no indent, no hyphenation, kept with what follows. */
h2, h3, h4, h5, h6 { font-size: 1em; line-height: 1.35; margin: 1.6em 0 .6em; text-align: left;
  hyphens: manual; -webkit-hyphens: manual; break-after: avoid; page-break-after: avoid; }
h2 { font-size: 1.1em; }
h4, h5, h6 { font-weight: normal; font-style: italic; }
/* Articles: bold, at the size of the text, at any depth (as in the PDF). */
.div-article > h2, .div-article > h3, .div-article > h4, .div-article > h5, .div-article > h6 {
  font-size: 1em; font-weight: bold; font-style: normal; margin: 1.2em 0 .4em; }

/* Lists: the labels are text (from @n), hanging in the left margin. */
.lista { list-style: none; margin: .3em 0 .7em 1.5em; padding: 0; }
.lista > li { padding-left: 2.2em; margin: 0 0 .3em; text-align: justify; hyphens: auto; -webkit-hyphens: auto; }
.etiqueta { float: left; width: 2.2em; margin-left: -2.2em; text-indent: 0; text-align: left; }
.lista .lista { margin: .3em 0 .3em 0; }
.lista-bulleted > li { padding-left: 1.3em; }
.lista-bulleted > li > .etiqueta { width: 1.3em; margin-left: -1.3em; }
.titulo-lista { text-indent: 0; margin-top: .6em; break-after: avoid; page-break-after: avoid; }

blockquote { margin: .6em 0 .9em 2.5em; font-size: .95em; }
blockquote p { text-indent: 0; }

/* Opener of a letter. */
.encabezamiento { margin-bottom: 1.5em; }
.destinatario, .saludo { text-align: left; text-indent: 0; hyphens: manual; -webkit-hyphens: manual; }
.saludo { margin-top: 1em; }

/* Dateline, label and signatories (ES-24, ES-27, ES-35). */
.cierre { margin-top: 1.5em; }
.lugar-fecha { text-align: right; text-indent: 0; margin: 1.5em 0; hyphens: manual; -webkit-hyphens: manual;
  break-after: avoid; page-break-after: avoid; }
.lugar-fecha.izquierda { text-align: left; }
.lugar-fecha.centro { text-align: center; }
.rotulo-firmas { text-indent: 0; text-align: center; font-weight: bold; margin: 2em 0 0;
  hyphens: manual; -webkit-hyphens: manual; break-after: avoid; page-break-after: avoid; }
.formula { margin-top: 1em; break-after: avoid; page-break-after: avoid; }
.firmantes { list-style: none; margin: 0 0 1.5em; padding: 0; display: grid;
  grid-template-columns: repeat(2, minmax(0, 1fr)); column-gap: 2.5em; row-gap: .8em; }
.firmantes.uno { grid-template-columns: minmax(0, 22em); justify-content: center; }
/* An incomplete last row is centred, as in the PDF. */
.firmantes:not(.uno) > .firmante:last-child:nth-child(odd) { grid-column: 1 / -1; justify-self: center;
  width: calc(50% - 1.25em); }
.firmante { text-align: center; line-height: 1.35; hyphens: manual; -webkit-hyphens: manual;
  break-inside: avoid; page-break-inside: avoid; }
.firmante > span { display: block; }
/* The signature rule, about 6 cm, with room above it to sign, where a
   signature image stands on the rule. */
.firmante > .firma { display: flex; align-items: flex-end; justify-content: center; width: 6cm;
  max-width: 90%; min-height: 3.2em; margin: 0 auto .45em; border-bottom: 1px solid currentColor; }
.firma img.grafico { display: block; height: 3.2em; width: auto; max-width: 100%; object-fit: contain; }
.firmante .nombre { font-weight: bold; }
.posdata { margin-top: 1.5em; }
.trailer { text-align: center; text-indent: 0; margin-top: 1.5em; }

/* Notes, at the end, each with its way back. */
.llamada { text-decoration: none; }
.llamada sup { line-height: 0; font-size: .7em; padding-left: .05em; }
.notas { margin-top: 2.5em; padding-top: .6em; border-top: 1px solid #999; font-size: .88em; }
.notas h2 { font-size: 1em; margin-top: 0; }
.notas-lista { list-style: none; margin: 0; padding: 0 0 0 1.8em; }
.notas-lista > li { margin: 0 0 .4em; text-align: justify; hyphens: auto; -webkit-hyphens: auto; }
.notas-lista .etiqueta { width: 1.8em; margin-left: -1.8em; }
.volver { text-decoration: none; }

@media (max-width: 34em) {
  body { font-size: 17px; }
  .firmantes { grid-template-columns: minmax(0, 1fr); }
}

@media print {
  @page { size: A4; margin: 25mm 25mm 22mm; }
  html, body { background: none; }
  body { font-size: 11.5pt; color: #000; }
  main { max-width: none; margin: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .portada { break-inside: avoid; page-break-inside: avoid; }
  h2, h3, h4, h5, h6, .titulo-lista, .lugar-fecha, .rotulo-firmas, .formula { break-after: avoid; page-break-after: avoid; }
  .firmante, blockquote { break-inside: avoid; page-break-inside: avoid; }
  .notas { break-before: auto; }
}
</xsl:variable>

</xsl:stylesheet>
