<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl: a TEI declaration (declc's subset) → plain UTF-8 text in reading
  order (DESIGN.md §1), for e-mail, archives and screen readers.

  The page:
    - lines of at most 72 characters (param width), broken at spaces only:
      a word is never divided and no soft hyphen (U+00AD) is written; a
      no-break space (U+00A0, U+202F) the typography pass put in keeps its
      two sides together. A single word longer than a line stands alone on
      a line that is longer.
    - the title block centred (ES-36), one line per title line (lb kept);
    - paragraphs flush left, separated by a blank line;
    - headings with their number ("2.1. Objetivos", ES-25);
    - list items with their labels and a hanging indent; nested lists
      indented under their item;
    - run-in quotations between Spanish marks by depth (ES-04); block
      quotations indented by four spaces;
    - the dateline flush right (ES-24, rend left/center obeyed);
    - the label of the signatures, then each signatory as an item of a
      list: name, cargos, institutions, one per line (ES-35), in the order
      of closer/@rend (sort-surname, sort-org) as in the PDF;
    - notes as [n] in the text, their text under "Notas" at the end.
  No line ends in a space; the file ends with one newline.

  Line breaking in XSLT 1.0 is recursion. It is bounded twice over: the
  inner template breaks at most 64 lines of a window of the paragraph, and
  the outer one recurses once per window, so a paragraph of any length stays
  far from libxslt's template depth limit (3000) and no string copied per
  line is longer than the window.

  Spanish text the stylesheet writes itself (dates, datelines, quotation
  marks, list labels, heading numbers) comes from common-es.xsl.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:t="http://www.tei-c.org/ns/1.0"
    xmlns:es="urn:declc:es"
    xmlns:str="http://exslt.org/strings"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="t es str exsl">

  <xsl:import href="common-es.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:strip-space elements="t:TEI t:teiHeader t:text t:front t:docTitle t:figure t:body t:div
      t:list t:opener t:address t:closer t:signed t:postscript"/>

  <!-- Line width in characters. -->
  <xsl:param name="width" select="72"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <!-- Forced line break inside a block (lb), as a private-use character. -->
  <xsl:variable name="br" select="'&#xE000;'"/>
  <xsl:variable name="spaces"
      select="'                                                                                                    '"/>
  <!-- Lines broken per inner recursion, and the window they are cut from. -->
  <xsl:variable name="chunk-lines" select="64"/>

  <!-- The whole text is built first, so that the blank line that ends the
       last block can be dropped: the file ends with exactly one newline. -->
  <xsl:template match="/">
    <xsl:variable name="all">
      <xsl:apply-templates select="/t:TEI/t:text"/>
    </xsl:variable>
    <xsl:variable name="s" select="string($all)"/>
    <xsl:choose>
      <xsl:when test="substring($s, string-length($s) - 1) = '&#10;&#10;'">
        <xsl:value-of select="substring($s, 1, string-length($s) - 1)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Line breaking                                                     -->
  <!-- ================================================================ -->

  <!-- A block of inline text as lines. text may hold forced breaks ($br).
       indent prefixes every line; first prefixes the first line after the
       indent (a list label) and an equal run of spaces the others (the
       hanging indent); align is left, center or right. Writes the lines,
       each with its newline. -->
  <xsl:template name="lines">
    <xsl:param name="text"/>
    <xsl:param name="indent" select="''"/>
    <xsl:param name="first" select="''"/>
    <xsl:param name="align" select="'left'"/>
    <xsl:variable name="hang" select="substring($spaces, 1, string-length($first))"/>
    <xsl:variable name="w" select="$width - string-length($indent) - string-length($first)"/>
    <xsl:for-each select="str:split($text, $br)[normalize-space()]">
      <xsl:call-template name="wrap">
        <xsl:with-param name="s" select="normalize-space(.)"/>
        <xsl:with-param name="w" select="$w"/>
        <xsl:with-param name="p1">
          <xsl:value-of select="$indent"/>
          <xsl:choose>
            <xsl:when test="position() = 1"><xsl:value-of select="$first"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$hang"/></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="p" select="concat($indent, $hang)"/>
        <xsl:with-param name="align" select="$align"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- Outer loop: one window of the (normalised) text per call. -->
  <xsl:template name="wrap">
    <xsl:param name="s"/>
    <xsl:param name="w"/>
    <xsl:param name="p1"/>
    <xsl:param name="p"/>
    <xsl:param name="align"/>
    <xsl:if test="$s != ''">
      <xsl:variable name="k" select="$chunk-lines * ($w + 1)"/>
      <xsl:variable name="chunk">
        <xsl:call-template name="wrap-chunk">
          <xsl:with-param name="s" select="substring($s, 1, $k)"/>
          <xsl:with-param name="w" select="$w"/>
          <xsl:with-param name="n" select="$chunk-lines"/>
          <xsl:with-param name="complete" select="string-length($s) &lt;= $k"/>
        </xsl:call-template>
      </xsl:variable>
      <xsl:choose>
        <xsl:when test="string($chunk) = ''">
          <!-- A word longer than the window: alone on its line. -->
          <xsl:variable name="word" select="substring-before(concat($s, ' '), ' ')"/>
          <xsl:value-of select="concat($p1, $word, $nl)"/>
          <xsl:call-template name="wrap">
            <xsl:with-param name="s" select="substring($s, string-length($word) + 2)"/>
            <xsl:with-param name="w" select="$w"/>
            <xsl:with-param name="p1" select="$p"/>
            <xsl:with-param name="p" select="$p"/>
            <xsl:with-param name="align" select="$align"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="str:split(string($chunk), $nl)">
            <xsl:choose>
              <xsl:when test="position() = 1"><xsl:value-of select="$p1"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$p"/></xsl:otherwise>
            </xsl:choose>
            <xsl:choose>
              <xsl:when test="$align = 'center' and string-length(.) &lt; $w">
                <xsl:value-of select="substring($spaces, 1, floor(($w - string-length(.)) div 2))"/>
              </xsl:when>
              <xsl:when test="$align = 'right' and string-length(.) &lt; $w">
                <xsl:value-of select="substring($spaces, 1, $w - string-length(.))"/>
              </xsl:when>
            </xsl:choose>
            <xsl:value-of select="concat(., $nl)"/>
          </xsl:for-each>
          <xsl:call-template name="wrap">
            <xsl:with-param name="s" select="substring($s, string-length($chunk) + 1)"/>
            <xsl:with-param name="w" select="$w"/>
            <xsl:with-param name="p1" select="$p"/>
            <xsl:with-param name="p" select="$p"/>
            <xsl:with-param name="align" select="$align"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <!-- Inner loop: at most n lines of width w from s, each followed by a
       newline that stands for the space it replaces, so the length of what
       it writes is the length of the text it consumed. complete says that s
       is the whole rest of the paragraph; when it is only a window, a line
       that could reach past the window's end is left to the next window. -->
  <xsl:template name="wrap-chunk">
    <xsl:param name="s"/>
    <xsl:param name="w"/>
    <xsl:param name="n"/>
    <xsl:param name="complete"/>
    <xsl:variable name="len" select="string-length($s)"/>
    <xsl:choose>
      <xsl:when test="$len = 0 or $n = 0"/>
      <xsl:when test="$len &lt;= $w and $complete">
        <xsl:value-of select="concat($s, $nl)"/>
      </xsl:when>
      <xsl:when test="$len &lt;= $w"/>
      <xsl:otherwise>
        <xsl:variable name="line">
          <xsl:choose>
            <xsl:when test="substring($s, $w + 1, 1) = ' '">
              <xsl:value-of select="substring($s, 1, $w)"/>
            </xsl:when>
            <xsl:when test="contains(substring($s, 1, $w + 1), ' ')">
              <xsl:variable name="tail" select="str:tokenize(substring($s, 1, $w + 1), ' ')[last()]"/>
              <xsl:value-of select="substring($s, 1, $w - string-length($tail))"/>
            </xsl:when>
            <xsl:when test="contains($s, ' ')">
              <xsl:value-of select="substring-before($s, ' ')"/>
            </xsl:when>
            <xsl:when test="$complete"><xsl:value-of select="$s"/></xsl:when>
          </xsl:choose>
        </xsl:variable>
        <xsl:if test="string($line) != ''">
          <xsl:value-of select="concat($line, $nl)"/>
          <xsl:call-template name="wrap-chunk">
            <xsl:with-param name="s" select="substring($s, string-length($line) + 2)"/>
            <xsl:with-param name="w" select="$w"/>
            <xsl:with-param name="n" select="$n - 1"/>
            <xsl:with-param name="complete" select="$complete"/>
          </xsl:call-template>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A block's inline content as one string (mode flat), then as lines. -->
  <xsl:template name="block">
    <xsl:param name="nodes" select="node()"/>
    <xsl:param name="indent" select="''"/>
    <xsl:param name="first" select="''"/>
    <xsl:param name="align" select="'left'"/>
    <xsl:param name="prefix" select="''"/>
    <xsl:param name="suffix" select="''"/>
    <xsl:variable name="flat">
      <xsl:value-of select="$prefix"/>
      <xsl:apply-templates select="$nodes" mode="flat"/>
      <xsl:value-of select="$suffix"/>
    </xsl:variable>
    <xsl:call-template name="lines">
      <xsl:with-param name="text" select="string($flat)"/>
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="first" select="$first"/>
      <xsl:with-param name="align" select="$align"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Blocks                                                            -->
  <!-- ================================================================ -->

  <xsl:template match="t:text">
    <xsl:apply-templates select="t:front | t:body"/>
    <xsl:variable name="notes" select=".//t:note"/>
    <xsl:if test="$notes">
      <xsl:value-of select="concat('Notas', $nl, $nl)"/>
      <xsl:variable name="marks">
        <xsl:for-each select="$notes">
          <m><xsl:text>[</xsl:text><xsl:call-template name="es:note-mark"/><xsl:text>] </xsl:text></m>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="hang">
        <xsl:for-each select="exsl:node-set($marks)/m">
          <xsl:sort select="string-length(.)" data-type="number" order="descending"/>
          <xsl:if test="position() = 1"><xsl:value-of select="string-length(.)"/></xsl:if>
        </xsl:for-each>
      </xsl:variable>
      <xsl:for-each select="$notes">
        <xsl:variable name="pos" select="position()"/>
        <xsl:variable name="mark" select="string(exsl:node-set($marks)/m[$pos])"/>
        <xsl:call-template name="block">
          <xsl:with-param name="first" select="concat($mark, substring($spaces, 1, $hang - string-length($mark)))"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:value-of select="$nl"/>
    </xsl:if>
  </xsl:template>

  <!-- Title block (ES-36): each title line centred; then a blank line. -->
  <xsl:template match="t:front">
    <xsl:apply-templates select="t:figure | t:docTitle/t:titlePart | t:docDate | t:docImprint"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:titlePart | t:front/t:docDate | t:docImprint">
    <xsl:call-template name="block">
      <xsl:with-param name="align" select="'center'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="t:front/t:figure">
    <xsl:if test="t:graphic/t:desc[normalize-space()]">
      <xsl:call-template name="block">
        <xsl:with-param name="align" select="'center'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template match="t:body | t:div | t:postscript">
    <xsl:param name="indent" select="''"/>
    <xsl:apply-templates select="*">
      <xsl:with-param name="indent" select="$indent"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="t:p">
    <xsl:param name="indent" select="''"/>
    <xsl:call-template name="block">
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="prefix"><xsl:call-template name="es:block-quote-mark"/></xsl:with-param>
      <xsl:with-param name="suffix">
        <xsl:call-template name="es:block-quote-mark"><xsl:with-param name="which" select="'close'"/></xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Headings (ES-25): the number with its period, no final period. -->
  <xsl:template match="t:div/t:head">
    <xsl:param name="indent" select="''"/>
    <xsl:call-template name="block">
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="prefix"><xsl:call-template name="es:head-number"/></xsl:with-param>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Block quotations: four spaces in. A run-in quote is inline (flat). -->
  <xsl:template match="t:quote">
    <xsl:param name="indent" select="''"/>
    <xsl:variable name="block"><xsl:call-template name="es:is-block-quote"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$block = '1' and (t:p | t:list | t:quote)">
        <xsl:apply-templates select="*">
          <xsl:with-param name="indent" select="concat($indent, '    ')"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:when test="$block = '1'">
        <xsl:variable name="depth"><xsl:call-template name="es:quote-depth"/></xsl:variable>
        <xsl:call-template name="block">
          <xsl:with-param name="indent" select="concat($indent, '    ')"/>
          <xsl:with-param name="prefix">
            <xsl:if test="$block-quote-marks = 'true'">
              <xsl:call-template name="es:quote-open"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
            </xsl:if>
          </xsl:with-param>
          <xsl:with-param name="suffix">
            <xsl:if test="$block-quote-marks = 'true'">
              <xsl:call-template name="es:quote-close"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
            </xsl:if>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:value-of select="$nl"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="." mode="flat"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Lists: "label text" with the text hanging past the widest label. -->
  <xsl:template match="t:list">
    <xsl:param name="indent" select="''"/>
    <xsl:if test="t:head">
      <xsl:call-template name="block">
        <xsl:with-param name="nodes" select="t:head/node()"/>
        <xsl:with-param name="indent" select="$indent"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:variable name="labels">
      <xsl:for-each select="t:item">
        <l><xsl:call-template name="es:list-label"/></l>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="hang">
      <xsl:for-each select="exsl:node-set($labels)/l">
        <xsl:sort select="string-length(.)" data-type="number" order="descending"/>
        <xsl:if test="position() = 1"><xsl:value-of select="string-length(.) + 1"/></xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:apply-templates select="t:item">
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="hang" select="number($hang)"/>
    </xsl:apply-templates>
    <xsl:if test="not(parent::t:item)"><xsl:value-of select="$nl"/></xsl:if>
  </xsl:template>

  <!-- An item: its text runs (split by nested lists) and its nested lists,
       in document order. The first run carries the label. -->
  <xsl:template match="t:item">
    <xsl:param name="indent" select="''"/>
    <xsl:param name="hang" select="3"/>
    <xsl:variable name="label"><xsl:call-template name="es:list-label"/></xsl:variable>
    <xsl:variable name="pad" select="substring($spaces, 1, $hang)"/>
    <!-- The item opens with a nested list (or is empty): the label stands
         on a line of its own. -->
    <xsl:variable name="label-alone"
        select="not(node()[self::* or normalize-space()])
                or t:list[1][not(preceding-sibling::node()[self::* or normalize-space()])]"/>
    <xsl:if test="$label-alone">
      <xsl:value-of select="concat($indent, $label, $nl)"/>
    </xsl:if>
    <xsl:for-each select="node()[self::t:list or not(preceding-sibling::node()[1][not(self::t:list)])]">
      <xsl:choose>
        <xsl:when test="self::t:list">
          <xsl:apply-templates select=".">
            <xsl:with-param name="indent" select="concat($indent, $pad)"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:variable name="k" select="count(preceding-sibling::t:list)"/>
          <xsl:variable name="run" select=". | following-sibling::node()[not(self::t:list)][count(preceding-sibling::t:list) = $k]"/>
          <xsl:if test="$run[self::* or normalize-space()]">
            <xsl:call-template name="block">
              <xsl:with-param name="nodes" select="$run"/>
              <xsl:with-param name="indent" select="$indent"/>
              <xsl:with-param name="first">
                <xsl:choose>
                  <xsl:when test="$k = 0 and not($label-alone)">
                    <xsl:value-of select="concat($label, substring($spaces, 1, $hang - string-length($label)))"/>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="$pad"/></xsl:otherwise>
                </xsl:choose>
              </xsl:with-param>
            </xsl:call-template>
          </xsl:if>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Opener, closer, signatories                                       -->
  <!-- ================================================================ -->

  <xsl:template match="t:opener">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="t:address">
    <xsl:for-each select="t:addrLine">
      <xsl:call-template name="block"/>
    </xsl:for-each>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:salute">
    <xsl:call-template name="block"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Place and date (ES-24), flush right unless rend says left / center. -->
  <xsl:template match="t:dateline">
    <xsl:variable name="rend" select="concat(' ', @rend, ' ')"/>
    <xsl:variable name="flat">
      <xsl:for-each select="node()">
        <xsl:call-template name="es:dateline-sep"/>
        <xsl:if test="not(self::text()) or normalize-space()">
          <xsl:apply-templates select="." mode="flat"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:call-template name="lines">
      <xsl:with-param name="text" select="string($flat)"/>
      <xsl:with-param name="align">
        <xsl:choose>
          <xsl:when test="contains($rend, ' left ')">left</xsl:when>
          <xsl:when test="contains($rend, ' center ')">center</xsl:when>
          <xsl:otherwise>right</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- Datelines and formulas first, then the signatories as a list, as
       written or in the order closer/@rend asks for (sort-surname,
       sort-org: es:signatories, the PDF's and the HTML's order). Without a
       label of its own the list is headed "Firmantes". -->
  <xsl:template match="t:closer">
    <xsl:apply-templates select="*[not(self::t:signed)]"/>
    <xsl:if test="t:signed">
      <xsl:if test="not(t:salute)">
        <xsl:value-of select="concat('Firmantes', $nl, $nl)"/>
      </xsl:if>
      <xsl:call-template name="es:signatories"/>
      <xsl:value-of select="$nl"/>
    </xsl:if>
  </xsl:template>

  <!-- One signatory: "- " and its lines (name, cargos, institutions)
       hanging under it; a signature image with a desc as "[desc]". -->
  <xsl:template match="t:signed" mode="es:signatory">
    <xsl:for-each select="t:graphic[t:desc[normalize-space()]] | t:persName | t:roleName | t:orgName">
      <xsl:call-template name="block">
        <xsl:with-param name="nodes" select="self::t:graphic | self::*[not(self::t:graphic)]/node()"/>
        <xsl:with-param name="first">
          <xsl:choose>
            <xsl:when test="position() = 1">- </xsl:when>
            <xsl:otherwise><xsl:text>  </xsl:text></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="t:trailer">
    <xsl:call-template name="block">
      <xsl:with-param name="align" select="'center'"/>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <xsl:template match="t:pb"/>

  <!-- Anything else in block position: its text as a paragraph. -->
  <xsl:template match="t:*">
    <xsl:param name="indent" select="''"/>
    <xsl:call-template name="block">
      <xsl:with-param name="indent" select="$indent"/>
    </xsl:call-template>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Inline content (mode flat)                                        -->
  <!-- ================================================================ -->

  <xsl:template match="text()" mode="flat">
    <xsl:call-template name="es:text"/>
  </xsl:template>

  <xsl:template match="t:lb" mode="flat"><xsl:value-of select="$br"/></xsl:template>

  <xsl:template match="t:pb" mode="flat"/>

  <xsl:template match="t:q | t:quote" mode="flat">
    <xsl:variable name="depth"><xsl:call-template name="es:quote-depth"/></xsl:variable>
    <xsl:call-template name="es:quote-open"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
    <xsl:apply-templates mode="flat"/>
    <xsl:call-template name="es:quote-close"><xsl:with-param name="depth" select="$depth"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="t:date" mode="flat">
    <xsl:choose>
      <xsl:when test="node()[self::* or normalize-space()]"><xsl:apply-templates mode="flat"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="es:date"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="t:note" mode="flat">
    <xsl:text>[</xsl:text><xsl:call-template name="es:note-mark"/><xsl:text>]</xsl:text>
  </xsl:template>

  <!-- A link keeps its text; a web or mail address follows it in angle
       brackets unless the text already is the address, or unless it is too
       long to stand on a line (an address is never broken). -->
  <xsl:template match="t:ref" mode="flat">
    <xsl:apply-templates mode="flat"/>
    <xsl:variable name="target" select="normalize-space(@target)"/>
    <xsl:variable name="lower" select="translate($target, 'HTPSMAILO', 'htpsmailo')"/>
    <xsl:if test="(starts-with($lower, 'http://') or starts-with($lower, 'https://') or starts-with($lower, 'mailto:'))
                  and normalize-space(.) != $target and concat('mailto:', normalize-space(.)) != $target
                  and string-length($target) + 2 &lt;= $width - 12">
      <xsl:value-of select="concat(' &lt;', $target, '&gt;')"/>
    </xsl:if>
  </xsl:template>

  <!-- An image: its description, in brackets, if it has one. -->
  <xsl:template match="t:graphic" mode="flat">
    <xsl:if test="normalize-space(t:desc) != ''">
      <xsl:value-of select="concat('[', normalize-space(t:desc), ']')"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="t:desc" mode="flat"/>

  <xsl:template match="*" mode="flat">
    <xsl:apply-templates mode="flat"/>
  </xsl:template>

</xsl:stylesheet>
