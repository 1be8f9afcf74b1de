package io.rekko.commands.hashes;

import static org.assertj.core.api.Assertions.assertThat;

import io.rekko.commands.CommandTester;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.HashValue;
import io.rekko.keyspace.Keyspace;
import io.rekko.slots.KeySlot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Golden replies of the hash family, each checked against redis-server 7.0.15 (RESP2 unless
 * the test sets protocol 3). Random replies (HRANDFIELD) are checked by their shape and members.
 */
class HashCommandsTest {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private CommandTester t;

    @BeforeEach
    void setUp() {
        t = new CommandTester();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Stores a string value directly (the string family is not needed for WRONGTYPE). */
    private void setString(String key, String value) {
        byte[] k = b(key);
        t.keyspace.dictForWrite(KeySlot.of(k)).put(k, b(value));
    }

    private HashValue hashAt(String key) {
        byte[] k = b(key);
        Dict d = t.keyspace.dict(KeySlot.of(k));
        return d == null ? null : (HashValue) d.get(k);
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    /** HSET key f0 v f1 v ... f(n-1) v, as raw arguments. */
    private byte[] hsetMany(String key, int from, int n) {
        List<byte[]> args = new ArrayList<>();
        args.add(b("HSET"));
        args.add(b(key));
        for (int i = from; i < from + n; i++) {
            args.add(b("f" + i));
            args.add(b("v" + i));
        }
        return t.run(args.toArray(new byte[0][]));
    }

    // ---- HSET / HMSET / HSETNX / HGET / HMGET ------------------------------------------

    @Test
    void hsetKeepsListpackOrderOnUpdateAndAppendsAfterDelete() {
        t.assertReply("HSET h a 1 b 2 c 3", ":3\r\n");
        t.assertReply("HGETALL h", "*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.assertReply("HSET h a x", ":0\r\n");
        t.assertReply("HDEL h b", ":1\r\n");
        t.assertReply("HSET h b y", ":1\r\n");
        t.assertReply("HGETALL h", "*6\r\n$1\r\na\r\n$1\r\nx\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\ny\r\n");
    }

    @Test
    void hsetAndHmsetRejectAnOddNumberOfArguments() {
        t.assertReply("HSET h a 1 b", "-ERR wrong number of arguments for 'hset' command\r\n");
        t.assertReply("HMSET h a 1 b", "-ERR wrong number of arguments for 'hmset' command\r\n");
        t.assertReply("HSET h a", "-ERR wrong number of arguments for 'hset' command\r\n");
        assertThat(hashAt("h")).isNull();
    }

    @Test
    void hmsetRepliesOkAndHsetnxOnlySetsAbsentFields() {
        t.assertReply("HSETNX h a 1", ":1\r\n");
        t.assertReply("HSETNX h a 2", ":0\r\n");
        t.assertReply("HGET h a", "$1\r\n1\r\n");
        t.assertReply("HMSET h b 2 c 3", "+OK\r\n");
        t.assertReply("HSET h a 10 d 4", ":1\r\n");
        t.assertReply("HKEYS h", "*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n");
        t.assertReply("HVALS h", "*4\r\n$2\r\n10\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
        t.assertReply("HLEN h", ":4\r\n");
    }

    @Test
    void hgetAndHmgetReplyNullsForMissingFieldsAndKeys() {
        t.assertReply("HSET h a x", ":1\r\n");
        t.assertReply("HGET h zz", "$-1\r\n");
        t.assertReply("HGET nokey f", "$-1\r\n");
        t.assertReply("HMGET nokey a b", "*2\r\n$-1\r\n$-1\r\n");
        t.assertReply("HMGET h a zz", "*2\r\n$1\r\nx\r\n$-1\r\n");
        t.protocol = 3;
        t.assertReply("HGET h zz", "_\r\n");
        t.assertReply("HMGET h a zz", "*2\r\n$1\r\nx\r\n_\r\n");
        t.assertReply("HMGET nokey a", "*1\r\n_\r\n");
    }

    @Test
    void emptyFieldsAndValuesAreKept() {
        t.assertReply("HSET h \"\" \"\"", ":1\r\n");
        t.assertReply("HGETALL h", "*2\r\n$0\r\n\r\n$0\r\n\r\n");
        t.assertReply("HSTRLEN h \"\"", ":0\r\n");
        t.assertReply("HRANDFIELD h", "$0\r\n\r\n");
    }

    // ---- HLEN / HSTRLEN / HEXISTS / HKEYS / HVALS / HGETALL -----------------------------

    @Test
    void lengthsAndExistence() {
        t.assertReply("HSET h big 9223372036854775800 s abc", ":2\r\n");
        t.assertReply("HSTRLEN h big", ":19\r\n");
        t.assertReply("HSTRLEN h s", ":3\r\n");
        t.assertReply("HSTRLEN h nope", ":0\r\n");
        t.assertReply("HSTRLEN nokey f", ":0\r\n");
        t.assertReply("HEXISTS h s", ":1\r\n");
        t.assertReply("HEXISTS h zz", ":0\r\n");
        t.assertReply("HEXISTS nokey a", ":0\r\n");
        t.assertReply("HLEN h", ":2\r\n");
        t.assertReply("HLEN nokey", ":0\r\n");
    }

    @Test
    void wholeHashRepliesForMissingKeys() {
        t.assertReply("HKEYS nokey", "*0\r\n");
        t.assertReply("HVALS nokey", "*0\r\n");
        t.assertReply("HGETALL nokey", "*0\r\n");
        t.protocol = 3;
        t.assertReply("HGETALL nokey", "%0\r\n");
        t.assertReply("HKEYS nokey", "*0\r\n");
    }

    @Test
    void hgetallIsAMapInResp3() {
        t.protocol = 3;
        t.assertReply("HSET h a x c 3 b y", ":3\r\n");
        t.assertReply("HGETALL h", "%3\r\n$1\r\na\r\n$1\r\nx\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\ny\r\n");
        t.assertReply("HVALS h", "*3\r\n$1\r\nx\r\n$1\r\n3\r\n$1\r\ny\r\n");
    }

    // ---- HDEL ---------------------------------------------------------------------------

    @Test
    void hdelCountsRemovedFieldsAndDeletesTheKeyWithItsLastField() {
        t.assertReply("HSET h a 10 b 2 c 3 d 4", ":4\r\n");
        t.assertReply("HDEL h a zz", ":1\r\n");
        t.assertReply("HDEL h zz", ":0\r\n");
        t.assertReply("HDEL nokey a", ":0\r\n");
        t.assertReply("HDEL h b c d a", ":3\r\n");
        assertThat(hashAt("h")).isNull();
        t.assertReply("HLEN h", ":0\r\n");
        t.assertReply("HSET h a 1", ":1\r\n");
    }

    // ---- HINCRBY / HINCRBYFLOAT ---------------------------------------------------------

    @Test
    void hincrbyAddsAndChecksOverflow() {
        t.assertReply("HINCRBY h f 5", ":5\r\n");
        t.assertReply("HINCRBY h f -7", ":-2\r\n");
        t.assertReply("HSET h s abc big 9223372036854775800 neg -9223372036854775800 ws \" 1\"", ":4\r\n");
        t.assertReply("HINCRBY h s 1", "-ERR hash value is not an integer\r\n");
        t.assertReply("HINCRBY h ws 1", "-ERR hash value is not an integer\r\n");
        t.assertReply("HINCRBY h big 8", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("HINCRBY h big 7", ":9223372036854775807\r\n");
        t.assertReply("HINCRBY h neg -9", "-ERR increment or decrement would overflow\r\n");
        t.assertReply("HINCRBY h neg -8", ":-9223372036854775808\r\n");
        t.assertReply("HGET h neg", "$20\r\n-9223372036854775808\r\n");
    }

    @Test
    void hincrbyRejectsBadIncrements() {
        t.assertReply("HINCRBY h f 99999999999999999999", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("HINCRBY h f 1.5", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("HINCRBY h f \" 1\"", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("HINCRBY h f +1", "-ERR value is not an integer or out of range\r\n");
        assertThat(hashAt("h")).isNull();
    }

    @Test
    void hincrbyfloatUsesLongDoubleArithmetic() {
        t.assertReply("HINCRBYFLOAT h x 10.5", "$4\r\n10.5\r\n");
        t.assertReply("HINCRBYFLOAT h x 0.1", "$4\r\n10.6\r\n");
        t.assertReply("HINCRBYFLOAT h x -5.6", "$1\r\n5\r\n");
        t.assertReply("HINCRBYFLOAT h x 1e3", "$4\r\n1005\r\n");
        t.assertReply("HINCRBYFLOAT h x 0x10", "$4\r\n1021\r\n");
        t.assertReply("HINCRBYFLOAT h z 3.0", "$1\r\n3\r\n");
        t.assertReply("HINCRBYFLOAT h z 1e-20", "$1\r\n3\r\n");
        t.assertReply("HINCRBYFLOAT h w 1.23456789012345678901", "$19\r\n1.23456789012345679\r\n");
        t.assertReply("HSET h f -2", ":1\r\n");
        t.assertReply("HINCRBYFLOAT h f 1", "$2\r\n-1\r\n");
        t.assertReply("HGET h x", "$4\r\n1021\r\n");
    }

    @Test
    void hincrbyfloatErrors() {
        t.assertReply("HSET h s abc ws \" 1\" i inf", ":3\r\n");
        t.assertReply("HINCRBYFLOAT h s 1", "-ERR hash value is not a float\r\n");
        t.assertReply("HINCRBYFLOAT h ws 1", "-ERR hash value is not a float\r\n");
        t.assertReply("HINCRBYFLOAT h x inf", "-ERR value is NaN or Infinity\r\n");
        t.assertReply("HINCRBYFLOAT h x -inf", "-ERR value is NaN or Infinity\r\n");
        t.assertReply("HINCRBYFLOAT h x nan", "-ERR value is not a valid float\r\n");
        t.assertReply("HINCRBYFLOAT h x \" 1\"", "-ERR value is not a valid float\r\n");
        t.assertReply("HINCRBYFLOAT h i 1", "-ERR increment would produce NaN or Infinity\r\n");
        t.assertReply("HEXISTS h x", ":0\r\n");
    }

    @Test
    void hincrbyfloatHugeValuesPrintEveryDigitAndLeaveTheListpack() {
        String first = t.run("HINCRBYFLOAT h y 1.5e4930");
        assertThat(first).startsWith("$4931\r\n14999999999999999999888735885828717977375124848812102855880678472345731690244402822712755213141237275787592446963295002904458462885236908199112495209942021483482059250914734710113393699657913223408744841988514687399653493039798385920457385856255645784603697046368374929370857048474301526204271062618701366129211663926353197272971290991467146310379311359683585322247339660922120890769713426623998141418558463405665566494317394710442202796724086832133611421033169596654626703094435539378303143947352083427163629273484526951435658594374294223319304634559032297713505948096467383797462269715409483979731160066545820536782229854363192118023272283636362532796201435677696042330446819868408261461279441731774343040755673803845681775458623030465574552471834937678077177988137408569622276559853219308404315496399898521625019954533246370727687469831318224613380280968844360161042943137736604879249596383369596157500289931992495350375807097699938299431398181321176485460715006249309976518242035446288369646058548784148167909899599115954894784933761855288188489238590144999277000373425812584572272463514955275610888309350829367585549019140006001349095436141450405973444332842498829893945674469915710894809322654540224625536430922546568125044457878178123763182570878485892528198086865431895184775534694401781629679485690119008730194983812006243452940043994642853051751857747373019427904213050129451484443131916039286226569312362834882127286171492306946435285891942802398453131399667564189316804355922624374499333431567860975564995189159590756036336892041466175774881224874270776493325385546285095007099951343567066898034427147887079969644329914567215357722203210727635352702165875381647531765434113813994700169038380134120093572891637657677504672453545044709457117286076472910601687203445332245769690145224318825181258929241732693932795344641111531376470572755500513670593590009361066722709541061514082144703705485883640097216970586047346183348940530190040955191171469041946552098540032966196462838196461994486959470221975256862799784685427315929268655535466997115268927049303156512037796804481661651820707914132340295102663600689758273473797699007854366552782031270341189641583398864499986283233320929581991351444330164485374019532006479344765964440182849261917768696513228404908397831732103071305487197553662148877000959632325547757544927605066897378160973952665430730215153732825852583506271442256007845128254475573036912077141908662422225992104723788460911205063855593912240290856213673318243680592200004759497118751558448143705464155576907413901462973649299910263049003584356886035571070635980741952223465924529104033443435148234053625166494110220571415399812809290689817153841642492966947563932748526820470645861887533258740213117170229331848711750860384290655101529075590418704636004122767901748203243497715666611792456547389082552890307199315651643060340517869529852331814300934569953692045436961721331038731283917535898261516251379246922171900355478722374128976503933131104182073870500949231008063371453709687612758688796079724685154790297799905371512832309380009642814122808200264601636431314772902433766390116473178250784614830058536091223575980501438218338318225935629883338752292837765894074520352083509197703255795546496709170480686451175597511894497250469354774443111099473555458442447714359563279217692693643760404263095843283780662649332383194548984275411450905323924983083655269264326088713426234879503797450640233365725507316693068600002651275375147800107364815251629686378271495529523321667423696570603815728348879219107139974417185111996346950984712407236010276157009650767833841570959374820881324353570955730492026052792706030353605371311721314874419403527633187534673499446209829668866244407402163950875958426502075290259059483568225030758954294200336548454102026312133008031983491772591845323456642133684942294818418595230928376884751743322172140741469286873817257878828635021496070045037075155820359561571532507814276724219192570965588255948032740717492729212661750879324399008056147954463712023025478828322628565400044858521877110023836696412674282863986800683223955574148403168551826677468762265497168017821224248630867346410849864577869240005404962483833779177335677404380701627900776543546968705189998465683064010252020507188931964437909758337588358592657382605579262938112402898389858573583992153473447721263409795841879381562040250726819269575259427767875589918678529492279319914634121648879135468502843689919740319301439146496981093051534091812201223271620037759873096448581066911739535081278964669452005256672583774957412281516718019603923998066755334411954979412417028623918825772871984839046197072319562175673642185692710327307982557453461169901108425165063322951640747198177851698949144233705278444471044118912530381164342848426988703694042685383707525339571806252433637661656490458446151242481450097728675260477614899192216825725261231260768926802315170939075733511594054300166481512754247990411694822129664\r\n");
        assertThat(first).hasSize(4931 + 9);
        assertThat(hashAt("h").isListpack()).isFalse();
        t.assertReply("HINCRBYFLOAT g f 1e60", "$60\r\n999999999999999999999373423426722168652130621984886772203520\r\n");
        assertThat(hashAt("g").isListpack()).isTrue();
        t.assertReply("HINCRBYFLOAT k f 1e70",
                "$71\r\n10000000000000000000222479489586148259025995410601157579323600873193472\r\n");
        assertThat(hashAt("k").isListpack()).isFalse();
    }

    // ---- encodings ----------------------------------------------------------------------

    @Test
    void longFieldsOrValuesConvertToATable() {
        String x64 = repeat('x', 64);
        String x65 = repeat('x', 65);
        t.assertReply("HSET a f " + x64, ":1\r\n");
        assertThat(hashAt("a").isListpack()).isTrue();
        t.assertReply("HSET b f " + x65, ":1\r\n");
        assertThat(hashAt("b").isListpack()).isFalse();
        t.assertReply("HSET c " + x65 + " 1", ":1\r\n");
        assertThat(hashAt("c").isListpack()).isFalse();
        t.assertReply("HINCRBY d " + x65 + " 1", ":1\r\n");
        assertThat(hashAt("d").isListpack()).isFalse();
        t.assertReply("HSETNX e " + x65 + " 1", ":1\r\n");
        assertThat(hashAt("e").isListpack()).isFalse();
        t.assertReply("HGET e " + x65, "$1\r\n1\r\n");
    }

    @Test
    void manyFieldsConvertToATablePast512() {
        assertThat(new String(hsetMany("big", 0, 512), StandardCharsets.ISO_8859_1)).isEqualTo(":512\r\n");
        assertThat(hashAt("big").isListpack()).isTrue();
        assertThat(new String(hsetMany("big", 512, 1), StandardCharsets.ISO_8859_1)).isEqualTo(":1\r\n");
        assertThat(hashAt("big").isListpack()).isFalse();
        t.assertReply("HLEN big", ":513\r\n");
        t.assertReply("HGET big f512", "$4\r\nv512\r\n");
        t.assertReply("HDEL big f512", ":1\r\n");
        assertThat(hashAt("big").isListpack()).isFalse(); // no way back, as in Redis
        String all = t.run("HKEYS big");
        assertThat(all).startsWith("*512\r\n").contains("$3\r\nf17\r\n");
    }

    // ---- WRONGTYPE, expiry, WATCH --------------------------------------------------------

    @Test
    void everyCommandRepliesWrongTypeOnAString() {
        setString("s", "v");
        for (String cmd : List.of("HSET s a 1", "HMSET s a 1", "HSETNX s a 1", "HGET s a", "HMGET s a", "HDEL s a",
                "HLEN s", "HSTRLEN s a", "HEXISTS s a", "HKEYS s", "HVALS s", "HGETALL s", "HINCRBY s a 1",
                "HINCRBYFLOAT s a 1", "HRANDFIELD s", "HRANDFIELD s 1", "HRANDFIELD s 1 withvalues", "HSCAN s 0",
                "HSCAN s 0 count 0")) {
            t.assertReply(cmd, WRONGTYPE);
        }
    }

    @Test
    void argumentErrorsComeBeforeTheTypeCheck() {
        setString("s", "v");
        t.assertReply("HINCRBY s a x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("HINCRBYFLOAT s a x", "-ERR value is not a valid float\r\n");
        t.assertReply("HRANDFIELD s x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("HRANDFIELD s 1 foo", "-ERR syntax error\r\n");
        t.assertReply("HSCAN s x", "-ERR invalid cursor\r\n");
    }

    @Test
    void expiredHashesAreGone() {
        t.assertReply("HSET h a 1", ":1\r\n");
        byte[] k = b("h");
        Dict d = t.keyspace.dict(KeySlot.of(k));
        d.setExpireAt(d.find(k), t.now() + 1000);
        t.assertReply("HGET h a", "$1\r\n1\r\n");
        t.advance(1000);
        t.assertReply("HGET h a", "$-1\r\n");
        t.assertReply("HSET h b 2", ":1\r\n");
        t.assertReply("HGETALL h", "*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
    }

    @Test
    void writesSignalWatchersOnlyWhenTheyChangeSomething() {
        t.assertReply("HSET h a 1", ":1\r\n");
        int[] touched = new int[1];
        Keyspace.Watcher w = () -> touched[0]++;
        t.keyspace.watch(b("h"), w);
        t.run("HSETNX h a 2");
        t.run("HDEL h zz");
        t.run("HINCRBY h a x");
        assertThat(touched[0]).isZero();
        t.run("HSET h a 2");
        t.run("HSETNX h b 2");
        t.run("HINCRBY h a 1");
        t.run("HINCRBYFLOAT h a 1");
        t.run("HMSET h c 1");
        t.run("HDEL h a b c");
        assertThat(touched[0]).isEqualTo(6);
    }

    // ---- HRANDFIELD ---------------------------------------------------------------------

    @Test
    void hrandfieldArgumentChecks() {
        t.assertReply("HSET h a 1 b 2 c 3 d 4 e 5", ":5\r\n");
        t.assertReply("HRANDFIELD h -9223372036854775808",
                "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        t.assertReply("HRANDFIELD h -4611686018427387904 withvalues", "-ERR value is out of range\r\n");
        t.assertReply("HRANDFIELD h 4611686018427387904 withvalues", "-ERR value is out of range\r\n");
        t.assertReply("HRANDFIELD h 1 WithValues x", "-ERR syntax error\r\n");
        t.assertReply("HRANDFIELD h 1 withvalue", "-ERR syntax error\r\n");
        t.assertReply("HRANDFIELD h -0", "-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void hrandfieldWholeHashAndEmptyReplies() {
        t.assertReply("HSET h a 1 b 2 c 3 d 4 e 5", ":5\r\n");
        String allFields = "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n";
        t.assertReply("HRANDFIELD h 9223372036854775807", allFields);
        t.assertReply("HRANDFIELD h 5", allFields);
        String allPairs = "*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n$1\r\nd\r\n$1\r\n4\r\n"
                + "$1\r\ne\r\n$1\r\n5\r\n";
        t.assertReply("HRANDFIELD h 4611686018427387903 withvalues", allPairs);
        t.assertReply("HRANDFIELD h 6 withvalues", allPairs);
        t.assertReply("HRANDFIELD h 0", "*0\r\n");
        t.assertReply("HRANDFIELD nokey 0", "*0\r\n");
        t.assertReply("HRANDFIELD nokey -3", "*0\r\n");
        t.assertReply("HRANDFIELD nokey", "$-1\r\n");
        t.protocol = 3;
        t.assertReply("HRANDFIELD nokey", "_\r\n");
        t.assertReply("HRANDFIELD nokey 5 withvalues", "*0\r\n");
        t.assertReply("HRANDFIELD h 0 withvalues", "*0\r\n");
    }

    @Test
    void hrandfieldOnASingleFieldHash() {
        t.assertReply("HSET x 1 2", ":1\r\n");
        t.assertReply("HRANDFIELD x", "$1\r\n1\r\n");
        t.assertReply("HRANDFIELD x -3 withvalues",
                "*6\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("HRANDFIELD x -2", "*2\r\n$1\r\n1\r\n$1\r\n1\r\n");
        t.assertReply("HRANDFIELD x 1 withvalues", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.protocol = 3;
        t.assertReply("HRANDFIELD x -2 withvalues", "*2\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("HRANDFIELD x 5 withvalues", "*1\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("HRANDFIELD x 1 withvalues", "*1\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        t.assertReply("HGETALL x", "%1\r\n$1\r\n1\r\n$1\r\n2\r\n");
    }

    @Test
    void hrandfieldResp3WithValuesIsAnArrayOfPairs() {
        t.protocol = 3;
        t.assertReply("HSET h a 1 b 2", ":2\r\n");
        t.assertReply("HRANDFIELD h 2 withvalues", "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        t.assertReply("HRANDFIELD h 2", "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }

    /** Parses a flat array of bulk strings (RESP2) into its elements. */
    private static List<String> bulks(String reply) {
        List<String> out = new ArrayList<>();
        String[] lines = reply.split("\r\n");
        for (int i = 1; i < lines.length; i += 2) {
            out.add(lines[i + 1]);
        }
        return out;
    }

    @Test
    void hrandfieldSamplesDistinctOrRepeatedFields() {
        for (int size : new int[] {10, 600}) {
            String key = "h" + size;
            hsetMany(key, 0, size);
            Set<String> fields = new HashSet<>();
            for (int i = 0; i < size; i++) {
                fields.add("f" + i);
            }
            // distinct: CASE 3 (count close to the size) and CASE 4 (much smaller)
            for (int count : new int[] {size - 1, size / 2, 3, 2}) {
                List<String> got = bulks(t.run("HRANDFIELD " + key + " " + count));
                assertThat(got).hasSize(count).doesNotHaveDuplicates();
                assertThat(fields).containsAll(got);
                List<String> pairs = bulks(t.run("HRANDFIELD " + key + " " + count + " WITHVALUES"));
                assertThat(pairs).hasSize(2 * count);
                for (int i = 0; i < pairs.size(); i += 2) {
                    assertThat(pairs.get(i + 1)).isEqualTo("v" + pairs.get(i).substring(1));
                }
            }
            // repeats allowed
            List<String> many = bulks(t.run("HRANDFIELD " + key + " -" + (3 * size)));
            assertThat(many).hasSize(3 * size);
            assertThat(fields).containsAll(many);
            assertThat(new HashSet<>(many).size()).isGreaterThan(1);
            String one = t.run("HRANDFIELD " + key);
            assertThat(fields).contains(one.substring(one.indexOf("\r\n") + 2, one.length() - 2));
        }
    }

    // ---- HSCAN --------------------------------------------------------------------------

    @Test
    void hscanOfAListpackReturnsEverythingWithCursorZero() {
        t.assertReply("HSET h a 1 b 2 c 3 d 4 e 5", ":5\r\n");
        String all = "*2\r\n$1\r\n0\r\n*10\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n"
                + "$1\r\nd\r\n$1\r\n4\r\n$1\r\ne\r\n$1\r\n5\r\n";
        t.assertReply("HSCAN h 0", all);
        t.assertReply("HSCAN h 0 match *", all);
        t.assertReply("HSCAN h 0 COUNT 5 MATCH ?", all);
        t.assertReply("HSCAN h 5", all);
        t.assertReply("HSCAN h -1", all);
        t.assertReply("HSCAN h +3", all);
        t.assertReply("HSCAN h \"\"", all);
        t.assertReply("HSCAN h 18446744073709551615", all);
        t.assertReply("HSCAN h -18446744073709551615", all);
        t.assertReply("HSCAN h 0 match [a-c] count 1",
                "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        t.protocol = 3;
        t.assertReply("HSCAN nokey 0", "*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void hscanErrors() {
        t.assertReply("HSET h a 1", ":1\r\n");
        t.assertReply("HSCAN h 0 count", "-ERR syntax error\r\n");
        t.assertReply("HSCAN h 0 count x", "-ERR value is not an integer or out of range\r\n");
        t.assertReply("HSCAN h 0 count -1", "-ERR syntax error\r\n");
        t.assertReply("HSCAN h 0 type string", "-ERR syntax error\r\n");
        t.assertReply("HSCAN h 0 foo bar", "-ERR syntax error\r\n");
        t.assertReply("HSCAN h \" 1\"", "-ERR invalid cursor\r\n");
        t.assertReply("HSCAN h \"1 \"", "-ERR invalid cursor\r\n");
        t.assertReply("HSCAN h 18446744073709551616", "-ERR invalid cursor\r\n");
        t.assertReply("HSCAN h -", "-ERR invalid cursor\r\n");
        t.assertReply("HSCAN nokey x", "-ERR invalid cursor\r\n");
        t.assertReply("HSCAN nokey 0 count 0", "*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void hscanMatchFollowsRedisGlobRules() {
        t.assertReply("HSET g a 1 b 2 - 3 ] 4 \\ 5 ^ 6 ab 7 a] 8 \"\" 9", ":9\r\n");
        t.assertReply("HSCAN g 0 match [^a]", "*2\r\n$1\r\n0\r\n*10\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\n-\r\n$1\r\n3\r\n"
                + "$1\r\n]\r\n$1\r\n4\r\n$1\r\n\\\r\n$1\r\n5\r\n$1\r\n^\r\n$1\r\n6\r\n");
        t.assertReply("HSCAN g 0 match [a-]",
                "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\n]\r\n$1\r\n4\r\n$1\r\n^\r\n$1\r\n6\r\n");
        t.assertReply("HSCAN g 0 match [\\]]", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n]\r\n$1\r\n4\r\n");
        t.assertReply("HSCAN g 0 match \\", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n\\\r\n$1\r\n5\r\n");
        t.assertReply("HSCAN g 0 match a*",
                "*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$2\r\nab\r\n$1\r\n7\r\n$2\r\na]\r\n$1\r\n8\r\n");
        t.assertReply("HSCAN g 0 match *]", "*2\r\n$1\r\n0\r\n*4\r\n$1\r\n]\r\n$1\r\n4\r\n$2\r\na]\r\n$1\r\n8\r\n");
        t.assertReply("HSCAN g 0 match [b-a]*", "*2\r\n$1\r\n0\r\n*8\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"
                + "$2\r\nab\r\n$1\r\n7\r\n$2\r\na]\r\n$1\r\n8\r\n");
        t.assertReply("HSCAN g 0 match [a", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        t.assertReply("HSCAN g 0 match \\a", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        String singles = "*2\r\n$1\r\n0\r\n*12\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\n-\r\n$1\r\n3\r\n"
                + "$1\r\n]\r\n$1\r\n4\r\n$1\r\n\\\r\n$1\r\n5\r\n$1\r\n^\r\n$1\r\n6\r\n";
        t.assertReply("HSCAN g 0 match ?", singles);
        t.assertReply("HSCAN g 0 match [^", singles);
        // "**" is a real pattern, and like every pattern but "" it does not match the empty field
        t.assertReply("HSCAN g 0 match **", "*2\r\n$1\r\n0\r\n*16\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"
                + "$1\r\n-\r\n$1\r\n3\r\n$1\r\n]\r\n$1\r\n4\r\n$1\r\n\\\r\n$1\r\n5\r\n$1\r\n^\r\n$1\r\n6\r\n"
                + "$2\r\nab\r\n$1\r\n7\r\n$2\r\na]\r\n$1\r\n8\r\n");
        t.assertReply("HSCAN g 0 match \"\"", "*2\r\n$1\r\n0\r\n*2\r\n$0\r\n\r\n$1\r\n9\r\n");
    }

    /** Walks a table-encoded hash with HSCAN until cursor 0; returns the fields seen. */
    private List<String> scanAll(String key, String options) {
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            String reply = t.run("HSCAN " + key + " " + cursor + options);
            String[] lines = reply.split("\r\n");
            assertThat(lines[0]).isEqualTo("*2");
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 4) {
                seen.add(lines[i]);
                assertThat(lines[i + 2]).isEqualTo("v" + lines[i].substring(1));
            }
            calls++;
        } while (!cursor.equals("0"));
        if (options.isEmpty()) {
            assertThat(calls).isGreaterThan(1);
        }
        return seen;
    }

    @Test
    void hscanOfATableWalksWithACursor() {
        hsetMany("big", 0, 600);
        assertThat(hashAt("big").isListpack()).isFalse();
        String first = t.run("HSCAN big 0 COUNT 1");
        assertThat(first).doesNotStartWith("*2\r\n$1\r\n0\r\n");
        List<String> all = scanAll("big", "");
        assertThat(all).doesNotHaveDuplicates().hasSize(600);
        List<String> matched = scanAll("big", " MATCH f1?");
        assertThat(matched).containsExactlyInAnyOrder("f10", "f11", "f12", "f13", "f14", "f15", "f16", "f17", "f18",
                "f19");
        // a COUNT so large that COUNT*2 wraps still walks the whole table in one call
        String whole = t.run("HSCAN big 0 COUNT 9223372036854775807");
        assertThat(whole).startsWith("*2\r\n$1\r\n0\r\n*1200\r\n");
    }
}
