package io.rekko.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** DESIGN.md's module directions: slots <- actors <- replication <- node, resp-frontend -> slots, actors. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.rekko");

    @Test
    void slotsArePureJava() {
        noClasses().that().resideInAPackage("io.rekko.slots..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "io.netty..", "io.rekko.commands..",
                        "io.rekko.resp..", "io.rekko.node..", "io.rekko.shard..")
                .check(CLASSES);
    }

    @Test
    void theEngineKnowsNothingOfTheFrontEndOrTheNode() {
        noClasses().that().resideInAnyPackage("io.rekko.commands..", "io.rekko.keyspace..", "io.rekko.shard..",
                        "io.rekko.protocol..", "io.rekko.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rekko.resp..", "io.rekko.node..",
                        "io.rekko.replication..", "io.netty..")
                .check(CLASSES);
    }

    @Test
    void theFrontEndKnowsNothingOfTheNodeOrReplication() {
        noClasses().that().resideInAPackage("io.rekko.resp..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rekko.node..", "io.rekko.replication..",
                        "org.apache.pekko.cluster..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.rekko.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void clusterModeDoesNotDependOnTheNodeThatComposesIt() {
        noClasses().that().resideInAPackage("io.rekko.node.cluster..")
                .should().dependOnClassesThat().resideInAPackage("io.rekko.node")
                .check(CLASSES);
    }
}
